"""A way out of zero results: each active filter, with the number of results without it,
as a link to those results (SPEC "Filters": the page offers the filters to drop)."""

import re
from html import unescape

import pytest

from electives.models import Specialty
from tests.factories import DraftElectiveFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    pediatrics = Specialty.objects.get(slug="pediatrics")
    for n in range(3):
        PublishedElectiveFactory(
            slug=f"kenya-{n}", country="KE", cost_usd=3000, housing=True, specialties=[pediatrics]
        )
    PublishedElectiveFactory(slug="peru", country="PE", cost_usd=1500, housing=False)
    PublishedElectiveFactory(slug="peru-housed", country="PE", cost_usd=2500, housing=True)
    # Drafts never count.
    DraftElectiveFactory(slug="draft", country="KE", cost_usd=100, housing=True)


def ways_out(response):
    """(link text, link, count) for each suggestion of the empty state."""
    block = response.text.split('<ul class="ways-out">')[1].split("</ul>")[0]
    return [
        (unescape(text), unescape(href), int(count))
        for href, text, count in re.findall(
            r'<a href="([^"]+)">Remove ([^<]+)</a>: (\d+) electives?', block
        )
    ]


def count(client, url):
    return client.get(url.replace("/electives/", "/api/electives/")).json()["count"]


def test_zero_results_list_each_filter_with_the_results_without_it(client, directory):
    response = client.get(
        "/electives/",
        {"country": "KE", "max_cost": "2000", "housing": "1", "specialty": "pediatrics"},
    )
    assert response.status_code == 200
    assert "No electives match" in response.text
    suggestions = ways_out(response)
    assert [(text, n) for text, _, n in suggestions] == [
        ("Fee up to $2,000", 3),
        ("Kenya", 0),
        ("Pediatrics", 0),
        ("Housing provided", 0),
    ]
    by_text = {text: (link, n) for text, link, n in suggestions}
    link, _ = by_text["Fee up to $2,000"]
    assert "max_cost" not in link and "country=KE" in link and "housing=1" in link
    for link, n in by_text.values():
        assert count(client, link) == n, link


def test_most_results_first(client, directory):
    response = client.get("/electives/", {"country": "PE", "max_cost": "1000", "housing": "1"})
    assert [(text, n) for text, _, n in ways_out(response)] == [
        ("Fee up to $1,000", 1),
        ("Peru", 0),
        ("Housing provided", 0),
    ]


def test_a_repeated_filter_is_dropped_whole(client, directory):
    response = client.get("/electives/?country=KE&country=PE&max_cost=100")
    by_text = {text: (link, n) for text, link, n in ways_out(response)}
    assert by_text["Kenya, Peru"][1] == 0
    link, n = by_text["Fee up to $100"]
    assert n == 5 and "country=KE" in link and "country=PE" in link
    assert count(client, link) == 5


def test_a_search_with_nothing_to_correct_is_offered_too(client, directory):
    response = client.get("/electives/", {"q": "xylophone", "country": "KE"})
    by_text = {text: (link, n) for text, link, n in ways_out(response)}
    link, n = by_text["Search: “xylophone”"]
    assert n == 3 and "q=" not in link
    assert by_text["Kenya"][1] == 0


def test_no_correction_that_finds_nothing_with_the_other_filters(client, directory):
    PublishedElectiveFactory(slug="malaria", title="Malaria surveillance", country="MW")
    response = client.get("/electives/", {"q": "malria", "country": "KE"})
    assert "No electives match" in response.text
    assert "Showing results for" not in response.text
    assert "No elective mentions <strong>malria</strong>." in response.text
    by_text = {text: (link, n) for text, link, n in ways_out(response)}
    # Without Kenya the correction finds something, and the way out says so.
    link, n = by_text["Kenya"]
    assert n == 1 == count(client, link)


def test_an_empty_directory_says_so(client, db):
    response = client.get("/electives/")
    assert "No electives are listed yet" in response.text
    assert "ways-out" not in response.text


def test_no_correction_that_finds_nothing_with_the_other_words(client, directory):
    PublishedElectiveFactory(slug="malaria", title="Malaria surveillance", country="MW")
    response = client.get("/electives/", {"q": "malria kenya"})
    assert "Showing results for" not in response.text
    assert "No elective mentions <strong>malria</strong>." in response.text
    assert 'Search for <a href="/electives/?q=kenya">kenya</a> instead: 3 electives.' in (
        response.text
    )
    by_text = {text: n for text, _, n in ways_out(response)}
    assert by_text == {"Search: “malria kenya”": 6}
