"""The pages every accessibility, layout and HTML check visits, and the data behind them."""

import datetime

from django.utils import timezone

from electives.models import Category, Language, Specialty, TravelAdvisory
from tests.factories import (
    AlertFactory,
    ArchivedElectiveFactory,
    OrganizationFactory,
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
    "report": (f"/electives/{DETAIL_SLUG}/report/", 200),
    "suggest": ("/suggest/", 200),
    "alerts": ("/alerts/?category=clinical&pgy=2", 200),
    "alert-manage": (f"/alerts/{ALERT_TOKEN}/", 200),
    "alert-unsubscribe": (f"/alerts/{ALERT_TOKEN}/unsubscribe/", 200),
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
    )

    PublishedElectiveFactory(
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
    ArchivedElectiveFactory(title="Surgical Camp in Mwanza", slug=ARCHIVED_SLUG, country="TZ")
    AlertFactory(token=ALERT_TOKEN, query="category=clinical")
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
