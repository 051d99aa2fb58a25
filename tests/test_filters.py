"""Each filter of SPEC.md's table, with data built so that a wrong predicate shows."""

import datetime

import pytest
from django.utils import timezone

from electives.models import Language, Specialty
from tests.factories import OrganizationFactory, PublishedElectiveFactory
from tests.listing import csv_slugs, matching

pytestmark = pytest.mark.django_db


def specialties(*slugs):
    return list(Specialty.objects.filter(slug__in=slugs))


def languages(*codes):
    return list(Language.objects.filter(code__in=codes))


def test_no_parameters_list_every_published_elective(client):
    PublishedElectiveFactory(slug="a")
    PublishedElectiveFactory(slug="b")
    assert matching(client) == {"a", "b"}


def test_category_values_are_or(client):
    PublishedElectiveFactory(slug="clinic", category="clinical")
    PublishedElectiveFactory(slug="village", category="community-health")
    PublishedElectiveFactory(slug="lab", category="research")
    assert matching(client, "category=research") == {"lab"}
    assert matching(client, "category=Research") == {"lab"}
    assert matching(client, "category=research&category=clinical") == {"lab", "clinic"}


def test_country_takes_any_case_and_repeats(client):
    PublishedElectiveFactory(slug="kenya", country="KE")
    PublishedElectiveFactory(slug="peru", country="PE")
    PublishedElectiveFactory(slug="nepal", country="NP")
    assert matching(client, "country=ke") == {"kenya"}
    assert matching(client, "country=Ke&country=PE") == {"kenya", "peru"}


def test_region_matches_the_countries_in_it(client):
    PublishedElectiveFactory(slug="kenya", country="KE")
    PublishedElectiveFactory(slug="peru", country="PE")
    PublishedElectiveFactory(slug="nepal", country="NP")
    assert matching(client, "region=sub-saharan-africa") == {"kenya"}
    assert matching(client, "region=Sub-Saharan-Africa") == {"kenya"}
    assert matching(client, "region=south-asia&region=latin-america-caribbean") == {
        "nepal",
        "peru",
    }


def test_specialty_matches_listed_or_open_to_all(client):
    PublishedElectiveFactory(slug="peds", specialties=specialties("pediatrics"))
    PublishedElectiveFactory(slug="surg", specialties=specialties("surgery"))
    PublishedElectiveFactory(slug="both", specialties=specialties("surgery", "pediatrics"))
    PublishedElectiveFactory(slug="anyone", specialties=[])
    assert matching(client, "specialty=pediatrics") == {"peds", "both", "anyone"}
    assert matching(client, "specialty=surgery&specialty=pediatrics") == {
        "peds",
        "surg",
        "both",
        "anyone",
    }
    assert matching(client, "specialty=urology") == {"anyone"}


def test_organization_matches_its_sponsor(client):
    harbor = OrganizationFactory(name="Harborview Partners")
    summit = OrganizationFactory(name="Summit Ridge Alliance")
    PublishedElectiveFactory(slug="h", organization=harbor)
    PublishedElectiveFactory(slug="s", organization=summit)
    PublishedElectiveFactory(slug="other")
    assert matching(client, f"organization={harbor.slug}") == {"h"}
    assert matching(client, f"organization={harbor.slug}&organization={summit.slug}") == {
        "h",
        "s",
    }


def test_pgy_respects_each_bound_and_no_bound(client):
    PublishedElectiveFactory(slug="open", pgy_min=None, pgy_max=None)
    PublishedElectiveFactory(slug="juniors", pgy_min=None, pgy_max=2)
    PublishedElectiveFactory(slug="seniors", pgy_min=3, pgy_max=None)
    PublishedElectiveFactory(slug="pgy2-4", pgy_min=2, pgy_max=4)
    assert matching(client, "pgy=1") == {"open", "juniors"}
    assert matching(client, "pgy=2") == {"open", "juniors", "pgy2-4"}
    assert matching(client, "pgy=4") == {"open", "seniors", "pgy2-4"}
    assert matching(client, "pgy=8") == {"open", "seniors"}


def test_min_and_max_weeks_overlap_the_stay(client):
    PublishedElectiveFactory(slug="2-4", weeks_min=2, weeks_max=4)
    PublishedElectiveFactory(slug="4-8", weeks_min=4, weeks_max=8)
    PublishedElectiveFactory(slug="12", weeks_min=12, weeks_max=12)
    assert matching(client, "min_weeks=5") == {"4-8", "12"}
    assert matching(client, "min_weeks=4") == {"2-4", "4-8", "12"}
    assert matching(client, "max_weeks=3") == {"2-4"}
    assert matching(client, "max_weeks=4") == {"2-4", "4-8"}
    assert matching(client, "min_weeks=6&max_weeks=10") == {"4-8"}


def test_weeks_available_finds_what_can_be_done_in_them_on_every_surface(client):
    PublishedElectiveFactory(slug="2-4", title="Two to four", weeks_min=2, weeks_max=4)
    PublishedElectiveFactory(slug="4-8", title="Four to eight", weeks_min=4, weeks_max=8)
    PublishedElectiveFactory(slug="12", title="Twelve", weeks_min=12, weeks_max=12)
    assert matching(client, "weeks=3") == {"2-4"}
    assert matching(client, "weeks=4") == {"2-4", "4-8"}
    assert matching(client, "weeks=12&min_weeks=5") == {"4-8", "12"}
    assert set(csv_slugs(client, "weeks=4")) == {"2-4", "4-8"}
    feed = client.get("/electives/feed/", {"weeks": "4"}).content.decode()
    assert "Two to four" in feed and "Four to eight" in feed and "Twelve" not in feed
    page = client.get("/electives/", {"weeks": "4"})
    assert "Fits in 4 weeks" in page.text


def test_max_cost_keeps_free_and_leaves_out_unknown(client):
    PublishedElectiveFactory(slug="free", cost_usd=0)
    PublishedElectiveFactory(slug="cheap", cost_usd=300)
    PublishedElectiveFactory(slug="dear", cost_usd=3000)
    PublishedElectiveFactory(slug="unknown", cost_usd=None)
    assert matching(client, "max_cost=0") == {"free"}
    assert matching(client, "max_cost=300") == {"free", "cheap"}
    assert matching(client, "max_cost=1000000") == {"free", "cheap", "dear"}


def test_language_lists_what_the_resident_can_work_in_with_english_assumed(client):
    PublishedElectiveFactory(slug="english", languages=[])
    PublishedElectiveFactory(slug="spanish", languages=languages("es"))
    PublishedElectiveFactory(slug="french-swahili", languages=languages("fr", "sw"))
    PublishedElectiveFactory(slug="explicit-english", languages=languages("en"))
    assert matching(client) == {"english", "spanish", "french-swahili", "explicit-english"}
    assert matching(client, "language=es") == {"english", "spanish", "explicit-english"}
    assert matching(client, "language=fr") == {"english", "explicit-english"}
    assert matching(client, "language=FR&language=sw&language=es") == {
        "english",
        "spanish",
        "french-swahili",
        "explicit-english",
    }
    assert matching(client, "language=en") == {"english", "explicit-english"}


def test_housing(client):
    PublishedElectiveFactory(slug="housed", housing=True)
    PublishedElectiveFactory(slug="own-way", housing=False)
    assert matching(client, "housing=1") == {"housed"}


def test_open_keeps_rolling_and_deadlines_from_today(client):
    today = timezone.localdate()
    PublishedElectiveFactory(slug="rolling", deadline=None)
    PublishedElectiveFactory(slug="today", deadline=today)
    PublishedElectiveFactory(slug="later", deadline=today + datetime.timedelta(days=30))
    PublishedElectiveFactory(slug="closed", deadline=today - datetime.timedelta(days=1))
    assert matching(client, "open=1") == {"rolling", "today", "later"}
    assert "closed" in matching(client)


@pytest.mark.parametrize(
    "zone, expected",
    [("UTC", {"march-10", "march-11"}), ("Pacific/Auckland", {"march-11"})],
)
def test_open_uses_the_date_in_the_site_time_zone(client, settings, monkeypatch, zone, expected):
    PublishedElectiveFactory(slug="march-10", deadline=datetime.date(2025, 3, 10))
    PublishedElectiveFactory(slug="march-11", deadline=datetime.date(2025, 3, 11))
    # 23:30 UTC on 10 March is already 11 March in Auckland.
    late_evening_utc = datetime.datetime(2025, 3, 10, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc)
    settings.TIME_ZONE = zone
    assert matching(client, "open=1") == expected


def test_different_parameters_are_and(client):
    peds = specialties("pediatrics")
    PublishedElectiveFactory(slug="match", country="KE", specialties=peds, cost_usd=100)
    PublishedElectiveFactory(slug="wrong-country", country="UG", specialties=peds, cost_usd=100)
    PublishedElectiveFactory(slug="too-dear", country="KE", specialties=peds, cost_usd=900)
    surgery = specialties("surgery")
    PublishedElectiveFactory(slug="wrong-specialty", country="KE", specialties=surgery)
    assert matching(client, "country=KE&country=UG&specialty=pediatrics&max_cost=500") == {
        "match",
        "wrong-country",
    }
    assert matching(client, "country=KE&specialty=pediatrics&max_cost=500") == {"match"}


def test_region_and_country_together_are_and(client):
    PublishedElectiveFactory(slug="kenya", country="KE")
    PublishedElectiveFactory(slug="peru", country="PE")
    assert matching(client, "region=sub-saharan-africa&country=PE") == set()
    assert matching(client, "region=sub-saharan-africa&country=KE&country=PE") == {"kenya"}


def test_empty_values_mean_not_given(client):
    PublishedElectiveFactory(slug="a", country="KE", housing=False)
    PublishedElectiveFactory(slug="b", country="PE", housing=True)
    params = "q=&category=&country=&region=&specialty=&organization=&pgy=&min_weeks="
    params += "&max_weeks=&max_cost=&language=&housing=&open=&sort=&page="
    assert matching(client, params) == {"a", "b"}
    assert matching(client, "country=&country=pe") == {"b"}


def test_unknown_parameters_are_ignored(client):
    PublishedElectiveFactory(slug="a")
    assert matching(client, "utm_source=newsletter&colour=blue&Country=ZZ") == {"a"}
