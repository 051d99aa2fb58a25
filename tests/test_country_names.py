"""Countries by the names residents use, and only where an elective can be (issue 28):
common English names on forms, filters and cards; no uninhabited territory and not the
United States among host countries."""

import re

import pytest

from tests.factories import PublishedElectiveFactory

pytestmark = pytest.mark.django_db


def options(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)[1]
    return dict(re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', select))


def test_the_suggest_form_lists_host_countries_by_their_common_names(client):
    countries = options(client.get("/suggest/").text, "country")
    assert countries["NR"] == "Nauru"
    assert countries["BS"] == "Bahamas"
    assert countries["KE"] == "Kenya"
    for code in ("US", "AQ", "BV", "HM", "GS", "UM"):
        assert code not in countries, code
    assert not [name for name in countries.values() if "(" in name]


def test_cards_and_filters_use_the_common_names(client):
    PublishedElectiveFactory(slug="nassau", country="BS", city="Nassau")
    PublishedElectiveFactory(slug="yaren", country="NR", city="Yaren")
    page = client.get("/electives/").text
    assert "Nassau, Bahamas" in page and "Yaren, Nauru" in page
    assert "Bahamas (The)" not in page and "Naoero" not in page
    facets = client.get("/api/electives/").json()["facets"]["country"]
    assert set(facets) == {"BS", "NR"}
    assert "Nauru" in client.get("/electives/", {"country": "NR"}).text
