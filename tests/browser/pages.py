"""The pages every accessibility, layout and HTML check visits, and the data behind them."""

import datetime

from django.utils import timezone

from debriefs.models import DebriefLink
from electives.models import Category, Language, Specialty, TravelAdvisory
from residents.models import Suggestion, SuggestionCorrection
from tests.factories import (
    AlertFactory,
    ArchivedElectiveFactory,
    DraftElectiveFactory,
    OrganizationFactory,
    PublishedDebriefFactory,
    PublishedElectiveFactory,
    TravelAdvisoryFactory,
)

DETAIL_SLUG = "rural-family-medicine-kisumu"
ORGANIZATION_SLUG = "lakeside-health-partners"
ARCHIVED_SLUG = "surgical-camp-in-mwanza"
SECOND_SLUG = "community-health-in-the-sacred-valley"
# Long titles and sponsor names, with a long unbroken word, as real listings have: the
# newest elective, so first on the listing's first page and on the home page.
LONG_SLUG = "interdisciplinary-otorhinolaryngology-in-llanfairpwll"
LONG_WORD = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
ALERT_TOKEN = "a-fixed-token-for-the-browser-tests-only-0123456789"
DEBRIEF_LINK_PK = 424242  # signed into its link's token at import: valid for 60 days
UNCONFIRMED_ALERT_TOKEN = "an-unconfirmed-token-for-the-browser-tests-0123456789"
CORRECTION_PK = 434343  # signed into its link's token at import: valid for 30 days

# name -> (path, expected status). Covers every page the issue names.
PAGES = {
    "home": ("/", 200),
    "listing": ("/electives/", 200),
    "listing-filtered": ("/electives/?category=clinical&region=sub-saharan-africa&pgy=2", 200),
    "listing-table": ("/electives/?view=table", 200),
    "listing-empty": ("/electives/?q=xylophone", 200),
    # Zero results with filters to drop (issue 11), and a corrected search.
    "listing-ways-out": ("/electives/?q=malria&country=PE&housing=1&max_cost=100", 200),
    "listing-corrected": ("/electives/?q=malria", 200),
    # A word no elective mentions, with the search without it; weeks with "more" open.
    "listing-missing-word": ("/electives/?q=cardiology+kenya&literal=1", 200),
    # A query understood as filters (issue 28), with nothing found, and many chips folded.
    "listing-understood": ("/electives/?q=family+medicine+kenya", 200),
    "listing-understood-empty": ("/electives/?q=dermatology+peru&country=PE", 200),
    "listing-many-chips": (
        "/electives/?category=clinical&category=community-health"
        "&open=1&housing=1&pgy=2&weeks=12&max_cost=10000&language=es&advisory_max=3"
        "&region=sub-saharan-africa&region=latin-america-caribbean&specialty=family-medicine",
        200,
    ),
    "listing-weeks": ("/electives/?weeks=4&max_weeks=6", 200),
    "listing-invalid": ("/electives/?pgy=abc&country=ZZ", 400),
    "listing-scope": ("/electives/?scope=hands-on&scope=observership", 200),
    "listing-scope-invalid": ("/electives/?scope=sightseeing", 400),
    "detail": (f"/electives/{DETAIL_SLUG}/", 200),
    "detail-long-names": (f"/electives/{LONG_SLUG}/", 200),
    "archived": (f"/electives/{ARCHIVED_SLUG}/", 410),
    "organizations": ("/organizations/", 200),
    "organization": (f"/organizations/{ORGANIZATION_SLUG}/", 200),
    "countries": ("/countries/", 200),
    "country": ("/countries/ke/", 200),
    "guide": ("/guide/", 200),
    "resources": ("/resources/", 200),
    "safety": ("/safety/", 200),
    "not-found": ("/electives/no-such-elective/", 404),
    # Resident tools (issue 12).
    "shortlist": ("/shortlist/", 200),
    "shortlist-shared": (
        f"/shortlist/?e={DETAIL_SLUG},{SECOND_SLUG},{ARCHIVED_SLUG},no-such-elective",
        200,
    ),
    "compare": (f"/compare/?e={DETAIL_SLUG},{SECOND_SLUG}", 200),
    "compare-invalid": (f"/compare/?e={DETAIL_SLUG}", 400),
    "plan": (f"/electives/{DETAIL_SLUG}/plan/", 200),
    "plan-dated": (f"/electives/{DETAIL_SLUG}/plan/?start=2027-09-06", 200),
    "plan-invalid": (f"/electives/{DETAIL_SLUG}/plan/?start=2027-02-30", 400),
    # Approval (issue 18): the packet, the advisory filter, the level 3 warning on top.
    "approval": (f"/electives/{DETAIL_SLUG}/approval/", 200),
    "approval-dated": (f"/electives/{DETAIL_SLUG}/approval/?start=2027-09-06", 200),
    "approval-invalid": (f"/electives/{DETAIL_SLUG}/approval/?start=2027-02-30", 400),
    "shortlist-approval": (
        f"/shortlist/approval/?e={DETAIL_SLUG},{SECOND_SLUG},{ARCHIVED_SLUG}",
        200,
    ),
    # The approval packet with the resident's answers (issue 26), the plan with its choices.
    "approval-answers": (
        f"/electives/{DETAIL_SLUG}/approval/?start=2027-01-10&j1=1&specialty=surgery"
        "&name=Ada+Resident&program=Mercy+Family+Medicine&pgy=1&dates=10+January+2027"
        "&goals=Outpatient+care&supervision=Daily+rounds&program_pays=500",
        200,
    ),
    "plan-answers": (
        f"/electives/{DETAIL_SLUG}/plan/?start=2027-01-10&j1=1&specialty=surgery",
        200,
    ),
    "approval-invalid-answers": (
        f"/electives/{DETAIL_SLUG}/approval/?specialty=astrology&pgy=11&name=Ada",
        400,
    ),
    "listing-advisory": ("/electives/?advisory_max=2", 200),
    "listing-advisory-invalid": ("/electives/?advisory_max=9", 400),
    "detail-warning": (f"/electives/{SECOND_SLUG}/", 200),
    "report": (f"/electives/{DETAIL_SLUG}/report/", 200),
    "suggest": ("/suggest/", 200),
    "alerts": ("/alerts/?category=clinical&pgy=2", 200),
    "alert-manage": (f"/alerts/{ALERT_TOKEN}/", 200),
    "alert-unsubscribe": (f"/alerts/{ALERT_TOKEN}/unsubscribe/", 200),
    # Debriefs (issue 19): asking for a link, the form, a link that does not work.
    "debrief-ask": (f"/electives/{DETAIL_SLUG}/debrief/", 200),
    "debrief-form": (DebriefLink(pk=DEBRIEF_LINK_PK).get_absolute_url(), 200),
    "debrief-invalid": ("/debrief/not-a-token/", 404),
    # Hostile input (issue 17) and the alert's confirmation button (issue 19).
    "alert-confirm": (f"/alerts/{UNCONFIRMED_ALERT_TOKEN}/confirm/", 200),
    "alerts-invalid": ("/alerts/?pgy=abc&housing=1", 400),
    "shortlist-bad-address": ("/shortlist/?e=%00", 400),
    "compare-bad-address": (f"/compare/?e={DETAIL_SLUG},a%0d%0ab", 400),
    "plan-out-of-window": (f"/electives/{DETAIL_SLUG}/plan/?start=9999-12-31", 400),
    # A suggestion sent back to its submitter (issue 27): the page to correct it.
    "suggestion-correct": (SuggestionCorrection(pk=CORRECTION_PK).get_absolute_url(), 200),
    "suggestion-correct-invalid": ("/suggest/correct/not-a-token/", 404),
}


def seed_directory():
    """A small but varied directory: enough for two listing pages and every badge."""
    today = timezone.localdate()
    family, _ = Specialty.objects.get_or_create(
        slug="family-medicine", defaults={"name": "Family Medicine"}
    )
    pediatrics, _ = Specialty.objects.get_or_create(
        slug="pediatrics", defaults={"name": "Pediatrics"}
    )
    spanish, _ = Language.objects.get_or_create(code="es", defaults={"name": "Spanish"})

    lakeside = OrganizationFactory(
        name="Lakeside Health Partners",
        slug=ORGANIZATION_SLUG,
        country="KE",
        description="A district hospital network on Lake Victoria.",
    )
    andes = OrganizationFactory(name="Andes Community Clinics", country="PE")
    TravelAdvisoryFactory(country="KE", level=TravelAdvisory.Level.INCREASED)
    TravelAdvisoryFactory(
        country="PE",
        level=TravelAdvisory.Level.RECONSIDER,
        headline="Peru - Level 3: Reconsider Travel",
        # Raised lately: the shortlists note it.
        previous_level=TravelAdvisory.Level.INCREASED,
        level_changed_at=timezone.now() - datetime.timedelta(days=3),
    )

    kisumu = PublishedElectiveFactory(
        title="Rural Family Medicine in Kisumu",
        slug=DETAIL_SLUG,
        organization=lakeside,
        country="KE",
        city="Kisumu",
        pgy_min=2,
        pgy_max=4,
        deadline=today + datetime.timedelta(days=60),
        last_verified=today - datetime.timedelta(days=95),
        specialties=[family],
        letter_of_agreement="yes",
        supervisor="Dr. Amina Otieno, MMed (Family Medicine), consultant family physician",
        evaluation_returned="yes",
        site_address="Kisumu County Referral Hospital\nOginga Odinga Road, Kisumu, Kenya",
        site_contact_name="Peter Ouma",
        site_contact_title="Electives coordinator",
        site_contact_email="electives@kisumu-hospital.example.org",
        lead_time_weeks=12,
        supervisor_credentials="MMed (Family Medicine), registered with the Kenya council",
        supervision_frequency="Daily on ward rounds and in clinic",
        evaluation_details="The program's form, returned within two weeks of the last day",
        accreditation="national",
        accrediting_body="Kenya Medical Practitioners and Dentists Council",
        duty_hours_week=50,
        call_schedule="One weekend in four, home call",
        evacuation_insurance="required",
        health_insurance="required",
        disability_insurance="not-required",
        exposure_plan="Testing and HIV post-exposure prophylaxis at the staff clinic",
        emergency_contact="Electives office, +254 700 000 001, day and night",
        total_cost_usd=2800,
        total_cost_notes="Fee $500, housing $600, a typical flight $1,500, visa $200",
        description=(
            "## What you will do\n\nSee patients with the host team on the wards and in "
            "outreach clinics.\n\n## Housing\n\nA shared guest house next to the hospital."
        ),
    )
    PublishedElectiveFactory(
        title="Community Health in the Sacred Valley",
        category=Category.COMMUNITY_HEALTH,
        organization=andes,
        country="PE",
        city="Cusco",
        cost_usd=None,
        housing=False,
        deadline=None,
        languages=[spanish],
        specialties=[family, pediatrics],
    )
    PublishedElectiveFactory(
        title="Malaria Research Fellowship",
        category=Category.RESEARCH,
        organization=lakeside,
        country="KE",
        cost_usd=0,
        weeks_min=8,
        weeks_max=12,
        deadline=today - datetime.timedelta(days=3),
    )
    seed_debriefs(kisumu, family, today)
    seed_sent_back_suggestion(andes)
    ArchivedElectiveFactory(title="Surgical Camp in Mwanza", slug=ARCHIVED_SLUG, country="TZ")
    AlertFactory(token=ALERT_TOKEN, query="category=clinical")
    AlertFactory(token=UNCONFIRMED_ALERT_TOKEN, query="housing=1&max_cost=2000", confirmed_at=None)
    # Enough further listings for a second page of results.
    for n in range(20):
        PublishedElectiveFactory(
            title=f"Clinical Elective in Hanoi {n + 1}",
            organization=OrganizationFactory(name=f"Hanoi Teaching Hospital {n % 3 + 1}"),
            country="VN",
            city="Hanoi",
            specialties=[pediatrics] if n % 2 else [],
        )
    PublishedElectiveFactory(
        title=f"Interdisciplinary Otorhinolaryngology and Neuroimmunology Elective in {LONG_WORD}",
        slug=LONG_SLUG,
        organization=OrganizationFactory(
            name=f"{LONG_WORD} Community Hospital Partnership for International Medicine",
            country="GB",
        ),
        country="GB",
        city=LONG_WORD,
    )


def seed_debriefs(elective, specialty, today):
    """Two published debriefs (one over 3 years old, with the sponsor's reply) and a link."""
    PublishedDebriefFactory(
        elective=elective,
        specialty=specialty,
        year=today.year - 1,
        month=9,
        fee_usd=500,
        housing_usd=600,
        flights_usd=1100,
        visa_usd=200,
        text="Busy outreach clinics; the team taught on every ward round.",
    )
    PublishedDebriefFactory(
        elective=elective,
        specialty=specialty,
        year=today.year - 5,
        month=6,
        pgy=2,
        role="observing",
        total_cost_usd=None,
        would_go_again=False,
        safety_incident=True,
        safety_details="A phone snatched at the bus station.",
        reply="We now meet every resident at the bus station.",
    )
    DebriefLink.objects.create(
        pk=DEBRIEF_LINK_PK,
        elective=elective,
        email="participant@example.org",
        sent_at=timezone.now(),
    )


def seed_sent_back_suggestion(sponsor):
    """A public suggestion a curator sent back, and its correction link."""
    elective = DraftElectiveFactory(
        title="Emergency Medicine in Arequipa",
        organization=sponsor,
        country="PE",
        city="Arequipa",
        unstated=["housing", "pgy", "deadline", "specialties", "languages"],
    )
    suggestion = Suggestion.objects.create(
        elective=elective, submitter_name="Dr. Amina Okello", submitter_email="amina@example.org"
    )
    SuggestionCorrection.objects.create(
        pk=CORRECTION_PK,
        suggestion=suggestion,
        note="The web page answers 404: give the program's own page.\nAnd the fee, please.",
    )
