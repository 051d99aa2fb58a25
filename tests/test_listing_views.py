"""The listing as cards or as a dense table (`view=table`), and the current search offered
as CSV, JSON, an Atom feed and e-mail alerts."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from lxml import html

from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory

pytestmark = pytest.mark.django_db


def page(client, params=""):
    response = client.get(f"/electives/?{params}")
    assert response.status_code == 200, response.content
    return html.fromstring(response.content)


def text(element):
    return " ".join(element.text_content().split())


def query(href):
    return parse_qs(urlsplit(href).query)


def test_the_table_view_has_one_row_per_match_with_the_same_filters(client):
    TravelAdvisoryFactory(country="HT", level=4)
    today = timezone.localdate()
    PublishedElectiveFactory(
        title="Surgery in Port-au-Prince",
        country="HT",
        city="Port-au-Prince",
        category="clinical",
        deadline=today - datetime.timedelta(days=3),
        last_verified=today - datetime.timedelta(days=500),
        specialties=[],
        pgy_min=2,
        pgy_max=None,
        cost_usd=900,
        housing=True,
    )
    PublishedElectiveFactory(title="Research in Lima", country="PE", category="research")
    doc = page(client, "view=table&category=clinical")
    assert not doc.xpath('//div[@id="results"]//article')
    [table] = doc.xpath('//div[@id="results"]//table')
    headers = [text(th) for th in table.xpath(".//thead//th")]
    assert headers[:3] == ["Elective", "Where", "Who"]
    [row] = table.xpath(".//tbody/tr")
    cells = dict(zip(headers, [text(cell) for cell in row.xpath("./th | ./td")], strict=True))
    assert cells["Elective"].startswith("Surgery in Port-au-Prince Clinical elective · ")
    assert cells["Where"] == "Port-au-Prince, Haiti Travel advisory level 4: do not travel"
    assert cells["Who"] == "PGY-2 and above"
    assert cells["Specialties"] == "Open to all specialties"
    assert cells["Fee"] == "$900"
    assert cells["Housing"] == "Provided"
    assert cells["Deadline"] == "Closed for this cycle"
    assert cells["Verified"] == "16 months ago: may be out of date"


def test_the_view_switch_keeps_the_filters_and_the_form_keeps_the_view(client):
    PublishedElectiveFactory(country="KE")
    doc = page(client, "country=KE&view=table")
    links = {text(a): a for a in doc.xpath('//nav[@aria-label="Show results as"]//a')}
    assert query(links["Cards"].get("href")) == {"country": ["KE"]}
    assert query(links["Table"].get("href")) == {"country": ["KE"], "view": ["table"]}
    assert links["Table"].get("aria-current") == "true"
    assert doc.xpath('//form[@id="filters"]//input[@type="hidden"][@name="view"]/@value') == [
        "table"
    ]
    # The canonical page is the same search, whatever the view.
    assert doc.xpath('//link[@rel="canonical"]/@href') == [
        "http://testserver/electives/?country=KE"
    ]


def test_the_two_views_are_cached_apart(client):
    PublishedElectiveFactory(title="Cached once")
    assert page(client).xpath("//article")
    assert page(client, "view=table").xpath("//table")
    assert page(client).xpath("//article")


def test_an_unknown_view_is_a_400_naming_the_choices(client):
    response = client.get("/electives/?view=grid")
    assert response.status_code == 400
    assert "view=cards or view=table" in response.content.decode()


def test_every_listing_offers_the_search_as_csv_json_feed_and_alerts(client):
    for _ in range(21):
        PublishedElectiveFactory(country="KE", housing=True)
    doc = page(client, "country=KE&housing=1&sort=cost&page=2&view=table")
    links = {text(a): a.get("href") for a in doc.xpath('//ul[contains(@class, "exports")]//a')}
    assert set(links) == {"Download CSV", "JSON", "Atom feed", "E-mail me new matches"}
    search = {"country": ["KE"], "housing": ["1"]}
    assert links["Download CSV"].startswith("/electives/export.csv?")
    assert query(links["Download CSV"]) == {**search, "sort": ["cost"]}
    assert links["JSON"].startswith("/api/electives/?")
    assert query(links["JSON"]) == {**search, "sort": ["cost"]}
    assert links["Atom feed"].startswith("/electives/feed/?")
    assert query(links["Atom feed"]) == search
    assert links["E-mail me new matches"] == "#alert-signup-heading"
    assert doc.xpath('//*[@id="alert-signup-heading"]')
    # Each link answers that search.
    for href in (links["Download CSV"], links["JSON"], links["Atom feed"]):
        assert client.get(href).status_code == 200, href
    assert client.get(links["JSON"]).json()["count"] == 21
