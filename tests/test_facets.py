"""Disjunctive facet counts: for each option, the results choosing it would give."""

import pytest
from lxml import html

from electives.models import Specialty
from tests.factories import DraftElectiveFactory, PublishedElectiveFactory
from tests.listing import api

pytestmark = pytest.mark.django_db


def specialty(slug):
    return [Specialty.objects.get(slug=slug)]


@pytest.fixture
def electives():
    PublishedElectiveFactory(country="KE", category="clinical", specialties=specialty("surgery"))
    PublishedElectiveFactory(country="KE", category="research", specialties=[])
    PublishedElectiveFactory(country="UG", category="clinical", specialties=specialty("pediatrics"))
    PublishedElectiveFactory(country="PE", category="clinical", specialties=specialty("surgery"))
    PublishedElectiveFactory(country="NP", category="community-health", cost_usd=None)
    DraftElectiveFactory(country="IN", category="research", specialties=specialty("urology"))


def test_without_filters_each_option_counts_its_electives(client, electives):
    facets = api(client)["facets"]
    assert facets["category"] == {"clinical": 3, "research": 1, "community-health": 1}
    assert facets["country"] == {"KE": 2, "UG": 1, "PE": 1, "NP": 1}
    assert facets["region"] == {
        "sub-saharan-africa": 3,
        "latin-america-caribbean": 1,
        "south-asia": 1,
    }
    # Two electives are open to every specialty and count under each one.
    assert facets["specialty"]["surgery"] == 2 + 2
    assert facets["specialty"]["pediatrics"] == 1 + 2
    assert facets["specialty"]["urology"] == 0 + 2


def test_a_dimension_ignores_its_own_filter_but_not_the_others(client, electives):
    facets = api(client, "country=KE&category=clinical")["facets"]
    # Countries: every other filter applies (clinical), the country filter does not.
    assert facets["country"] == {"KE": 1, "UG": 1, "PE": 1}
    # Categories: within Kenya, whatever the category filter says.
    assert facets["category"] == {"clinical": 1, "research": 1}
    # Regions: clinical, in Kenya (country applies to the region counts).
    assert facets["region"] == {"sub-saharan-africa": 1}
    # Specialties: clinical in Kenya lists surgery only; nothing there is open to all.
    assert facets["specialty"] == {"surgery": 1}


def test_the_count_beside_an_option_is_what_ticking_it_gives(client, electives):
    params = "category=clinical&specialty=pediatrics"
    facets = api(client, params)["facets"]
    for code, count in facets["country"].items():
        assert api(client, f"{params}&country={code}")["count"] == count
    for slug, count in facets["category"].items():
        assert api(client, f"specialty=pediatrics&category={slug}")["count"] == count


def test_region_and_country_facets_under_a_region_filter(client, electives):
    facets = api(client, "region=sub-saharan-africa")["facets"]
    assert facets["country"] == {"KE": 2, "UG": 1}
    assert facets["region"] == {
        "sub-saharan-africa": 3,
        "latin-america-caribbean": 1,
        "south-asia": 1,
    }


def test_facets_follow_the_search_and_other_filters(client, electives):
    facets = api(client, "max_cost=1000")["facets"]
    assert "NP" not in facets["country"]  # its fee is unknown
    assert "community-health" not in facets["category"]


def test_the_page_shows_counts_beside_options_with_results_only(client, electives):
    doc = html.fromstring(client.get("/electives/?category=clinical").content)
    countries = [
        " ".join(label.text_content().split())
        for label in doc.xpath('//fieldset[@id="fieldset-country"]//label')
    ]
    assert countries == ["Kenya (1)", "Peru (1)", "Uganda (1)"]
    categories = [
        " ".join(label.text_content().split())
        for label in doc.xpath('//fieldset[@id="fieldset-category"]//label')
    ]
    assert categories == [
        "Clinical elective (3)",
        "Community health elective (1)",
        "Research project (1)",
    ]
    # Nepal has no clinical elective; India only a draft: neither is offered.
    options = doc.xpath('//input[@name="country"]/@value')
    assert "NP" not in options and "IN" not in options


def test_a_chosen_option_stays_offered_even_with_no_results(client, electives):
    doc = html.fromstring(client.get("/electives/?country=NP&category=research").content)
    nepal = doc.xpath('//input[@name="country"][@value="NP"]')
    assert nepal and nepal[0].get("checked") is not None
