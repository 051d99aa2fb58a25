"""/countries/ and /countries/<iso2>/."""

import datetime

import pytest
from lxml import html

from tests.factories import DraftElectiveFactory, PublishedElectiveFactory, TravelAdvisoryFactory

pytestmark = pytest.mark.django_db


def text(element):
    return " ".join(element.text_content().split())


def test_the_list_groups_countries_with_published_electives_by_region(client):
    PublishedElectiveFactory.create_batch(2, country="KE")
    PublishedElectiveFactory(country="PE")
    DraftElectiveFactory(country="NP")
    TravelAdvisoryFactory(country="KE", level=2)
    doc = html.fromstring(client.get("/countries/").content)
    assert doc.xpath("//main//h2/text()") == ["Latin America & Caribbean", "Sub-Saharan Africa"]
    links = doc.xpath("//main//ul/li/a")
    assert [(a.text, a.get("href")) for a in links if a.get("href").startswith("/countries/")] == [
        ("Peru", "/countries/pe/"),
        ("Kenya", "/countries/ke/"),
    ]
    assert "Advisory level 2" in text(doc)
    assert "Nepal" not in text(doc)


def test_a_country_page(client):
    TravelAdvisoryFactory(country="KE", level=2, issued=datetime.date(2026, 3, 5))
    live = PublishedElectiveFactory(country="KE", title="Wards in Kisumu")
    PublishedElectiveFactory(country="UG", title="Wards in Gulu")
    DraftElectiveFactory(country="KE", title="Secret draft")
    response = client.get("/countries/ke/")
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    body = text(doc)
    assert doc.xpath("//h1/text()") == ["Electives in Kenya"]
    assert "Sub-Saharan Africa" in body
    assert "Level 2: Exercise Increased Caution" in body and "5 March 2026" in body
    assert doc.xpath("//article//h3/a/@href") == [live.get_absolute_url()]
    assert "Secret draft" not in body
    hrefs = doc.xpath("//a/@href")
    assert (
        "https://travel.state.gov/content/travel/en/international-travel/"
        "International-Travel-Country-Information-Pages/Kenya.html"
    ) in hrefs
    assert "https://wwwnc.cdc.gov/travel/destinations/traveler/none/kenya" in hrefs
    assert "/safety/" in hrefs


def test_links_for_a_name_of_several_words(client):
    PublishedElectiveFactory(country="DO")
    hrefs = html.fromstring(client.get("/countries/do/").content).xpath("//a/@href")
    assert any(h.endswith("/DominicanRepublic.html") for h in hrefs)
    assert "https://wwwnc.cdc.gov/travel/destinations/traveler/none/dominican-republic" in hrefs


def test_without_an_advisory_the_page_says_so(client):
    PublishedElectiveFactory(country="PE")
    body = text(html.fromstring(client.get("/countries/pe/").content))
    assert "None on file" in body


def test_upper_case_codes_redirect_to_lower_case(client):
    PublishedElectiveFactory(country="KE")
    response = client.get("/countries/KE/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/ke/"


@pytest.mark.parametrize("path", ["/countries/np/", "/countries/zz/", "/countries/kenya/"])
def test_countries_without_published_electives_or_unknown_are_404(client, path):
    DraftElectiveFactory(country="NP")
    assert client.get(path).status_code == 404
