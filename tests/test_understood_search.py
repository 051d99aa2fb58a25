"""A query understood as filters (issue 28): words naming a specialty (or an alias, or a
subspecialty), a country, a region or a category select as those filters do, open-to-all
electives included; the page says so, shows them as removable chips and links to the
search of the words as text (`literal=1`). The same on SQLite and PostgreSQL."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from electives.models import Category, Specialty
from tests.factories import OrganizationFactory, PublishedElectiveFactory
from tests.listing import csv_slugs, matching, result_slugs

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def listed(slug, specialties=(), **fields):
    defaults = {
        "title": "District Hospital Rotation",
        "summary": "Ward rounds and clinics.",
        "description": "See patients with the host team.",
        "city": "Kisumu",
        "country": "KE",
    }
    return PublishedElectiveFactory(
        slug=slug,
        organization=OrganizationFactory(name=f"{slug.title()} Partners"),
        specialties=[Specialty.objects.get(slug=s) for s in specialties],
        **{**defaults, **fields},
    )


@pytest.fixture
def directory():
    listed("im-kisumu", ["internal-medicine"], title="Internal Medicine Wards in Kisumu")
    listed("open-nairobi", title="Rural Outreach Clinics", city="Nairobi")
    listed("open-eldoret", title="Teaching Hospital Rotation", city="Eldoret")
    listed("peds-kenya", ["pediatrics"], title="Children's Wards")
    listed("im-uganda", ["internal-medicine"], city="Gulu", country="UG")
    listed("open-uganda", city="Mbarara", country="UG")
    listed(
        "tb-lima",
        title="Tuberculosis Research Placement",
        summary="Household contacts of pediatrics and adult patients.",
        city="Lima",
        country="PE",
        category=Category.RESEARCH,
    )
    listed("peds-cusco", ["pediatrics"], title="Pediatrics Elective in Cusco", city="Cusco",
           country="PE")  # fmt: skip
    listed(
        "cardiology-kampala",
        ["internal-medicine"],
        title="Medical Wards",
        description="Echo clinic and a cardiology consult service.",
        city="Kampala",
        country="UG",
    )


def shown(response):
    """The page's text, without its tags."""
    return unescape(re.sub(r"<[^>]+>", "", response.text))


def chips(response):
    block = response.text.split('<ul class="chips">')[1].split("</ul>")[0]
    return {
        unescape(label): unescape(href)
        for href, label in re.findall(
            r'<a class="chip" href="([^"]+)"><span class="visually-hidden">Remove filter: '
            r"</span>([^<]+)</a>",
            block,
        )
    }


def test_words_naming_filters_select_as_the_filters_do(client, directory):
    understood = matching(client, "q=internal medicine Kenya")
    assert understood == matching(client, "specialty=internal-medicine&country=KE")
    assert understood == {"im-kisumu", "open-nairobi", "open-eldoret"}
    # Searched as text, only the elective naming both.
    assert matching(client, "q=internal medicine Kenya&literal=1") == {"im-kisumu"}


def test_the_page_says_what_it_understood_and_offers_the_text_search(client, directory):
    response = client.get("/electives/", {"q": "internal medicine Kenya"})
    assert "Showing Internal Medicine electives in Kenya; search in text instead" in shown(response)
    link = re.search(r'<a href="([^"]+)">search in text instead</a>', response.text)
    assert unescape(link[1]) == "/electives/?q=internal+medicine+Kenya&literal=1"
    assert set(chips(response)) == {"Specialty: Internal Medicine", "Country: Kenya"}
    assert chips(response)["Country: Kenya"] == "/electives/?q=internal+medicine"
    assert chips(response)["Specialty: Internal Medicine"] == "/electives/?q=Kenya"
    # Searching as text: no understood chips, and a chip that turns understanding back on.
    literal = client.get(unescape(link[1]))
    assert "Showing Internal Medicine" not in literal.text
    assert chips(literal)["Words searched as text"] == "/electives/?q=internal+medicine+Kenya"


def test_remaining_words_are_searched_as_text(client, directory):
    response = client.get("/electives/", {"q": "uganda echo"})
    assert "Showing electives in Uganda that mention “echo”" in shown(response)
    assert set(chips(response)) == {"Country: Uganda", "Search: “echo”"}
    assert matching(client, "q=uganda echo") == {"cardiology-kampala"}


def test_a_title_or_specialty_match_ranks_first(client, directory):
    # The research placement mentions pediatrics in its summary: after the listing whose
    # title and specialty say pediatrics.
    assert result_slugs(client, "q=pediatrics Peru") == ["peds-cusco", "tb-lima"]


def test_a_subspecialty_leads_to_its_specialty_with_a_note(client, directory):
    slugs = result_slugs(client, "q=cardiology")
    assert set(slugs) == matching(client, "specialty=internal-medicine")
    assert slugs[0] == "cardiology-kampala"
    # Then those listing Internal Medicine, then those open to all.
    assert set(slugs[1:3]) == {"im-kisumu", "im-uganda"}
    text = shown(client.get("/electives/", {"q": "cardiology"}))
    assert (
        "Cardiology is part of Internal Medicine: showing Internal Medicine electives that "
        "mention cardiology first." in text
    )


def test_nothing_found_says_what_each_word_finds_alone(client, db):
    listed("im-gulu", ["internal-medicine"], city="Gulu", country="UG")
    listed("surgery-mbarara", ["surgery"], city="Mbarara", country="UG")
    listed("births-kisumu", ["obstetrics-gynecology"])
    listed("births-nairobi", ["obstetrics-gynecology"], city="Nairobi")
    for words in ("obgyn Uganda", "obstetrics Uganda"):
        response = client.get("/electives/", {"q": words})
        assert "No electives match" in response.text
        text = shown(response)
        assert "No elective matches every word." in text
        assert "Search for Uganda instead: 2 electives." in text
        typed = words.split()[0]
        assert f"Search for {typed} instead: 2 electives." in text
        assert 'href="/electives/?q=Uganda">Uganda</a>' in response.text


def test_the_json_and_the_csv_read_the_query_alike(client, directory):
    for words in ("internal medicine Kenya", "cardiology", "pediatrics Peru", "research"):
        assert csv_slugs(client, f"q={words}") == result_slugs(client, f"q={words}")


def test_quoted_and_excluded_words_are_searched_as_text(client, directory):
    assert matching(client, 'q="Kenya"') == matching(client, "q=Kenya&literal=1")
    assert matching(client, "q=-uganda pediatrics") == {
        "peds-kenya",
        "peds-cusco",
        "tb-lima",
        "open-nairobi",
        "open-eldoret",
    }


def test_open_electives_first_then_the_soonest_deadline(client, db):
    soon, later = TODAY + datetime.timedelta(days=10), TODAY + datetime.timedelta(days=60)
    listed("passed", ["surgery"], deadline=TODAY - datetime.timedelta(days=3))
    listed("rolling", ["surgery"])
    listed("later", ["surgery"], deadline=later)
    listed("soon", ["surgery"], deadline=soon)
    assert result_slugs(client, "q=surgery") == ["soon", "later", "rolling", "passed"]


def test_an_invalid_literal_is_refused(client, directory):
    response = client.get("/api/electives/", {"q": "kenya", "literal": "yes"})
    assert response.status_code == 400
    assert "literal" in response.json()["errors"]


def test_many_chips_fold_past_the_first_four(client, directory):
    params = (
        "q=internal medicine kenya&category=clinical&pgy=2&weeks=12&max_cost=10000"
        "&advisory_max=4&housing=1&language=es"
    )
    response = client.get(f"/electives/?{params}")
    first, folded = response.text.split('<details class="more-chips">')
    assert first.split('<ul class="chips">')[1].count('class="chip"') == 4
    assert "<summary>Show all filters (9)</summary>" in folded
    assert folded.split("</details>")[0].count('class="chip"') == 5
    # A few chips are not folded.
    assert "more-chips" not in client.get("/electives/?q=kenya&pgy=2").text


def test_every_subspecialty_leads_to_a_specialty_of_the_directory(db):
    from electives.query import _subspecialties

    slugs = set(Specialty.objects.values_list("slug", flat=True))
    assert {slug for _, slug in _subspecialties()} <= slugs


def test_filler_words_say_nothing_once_the_rest_is_understood(client, directory):
    assert result_slugs(client, "q=pediatrics electives in Peru") == ["peds-cusco", "tb-lima"]
    text = shown(client.get("/electives/", {"q": "pediatrics electives in Peru"}))
    assert "Showing Pediatrics electives in Peru; search in text instead" in text


def test_a_word_that_finds_nothing_alone_is_named(client, directory):
    # No elective in Nauru; the other word finds some.
    text = shown(client.get("/electives/", {"q": "internal medicine Nauru"}))
    assert "Nothing is listed for Country: Nauru." in text
    assert "Search for internal medicine instead: 7 electives." in text
