"""The travel-advisory block (templates/includes/advisory.html) and the short disclaimer.

Rendered on their own, and through the directory's country, elective and listing pages.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory

pytestmark = pytest.mark.django_db

FEED = Path(__file__).parent / "data" / "travel_advisories.xml"

WORDS = {
    1: "Level 1: Exercise Normal Precautions",
    2: "Level 2: Exercise Increased Caution",
    3: "Level 3: Reconsider Travel",
    4: "Level 4: Do Not Travel",
}


def advisory(level, **kwargs):
    return TravelAdvisoryFactory(
        country="KE",
        level=level,
        issued=kwargs.pop("issued", datetime.date(2025, 7, 31)),
        headline=f"Kenya - {WORDS[level]}",
        **kwargs,
    )


def block(html):
    match = re.search(r'<section class="advisory.*?</section>', html, re.S)
    assert match, "no advisory block on the page"
    return match.group(0)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_block_shows_level_words_date_and_link(level):
    html = render_to_string("includes/advisory.html", {"advisory": advisory(level)})
    assert WORDS[level] in html
    assert '<time datetime="2025-07-31">31 July 2025</time>' in html
    assert 'href="https://travel.state.gov/content/travel/en/traveladvisories/' in html
    assert "Kenya" in html


@pytest.mark.parametrize("level", [1, 2])
def test_levels_1_and_2_carry_no_warning(level):
    html = render_to_string("includes/advisory.html", {"advisory": advisory(level)})
    assert "Warning" not in html
    assert "advisory-warning" not in html


@pytest.mark.parametrize(
    "level, words",
    [(3, "advises reconsidering travel to Kenya"), (4, "advises against all travel to Kenya")],
)
def test_levels_3_and_4_carry_a_prominent_warning(level, words):
    html = render_to_string("includes/advisory.html", {"advisory": advisory(level)})
    assert "advisory-warning" in html
    alert = re.search(r'<p class="advisory-alert[^"]*"><strong>(.*?)</strong>', html, re.S)
    warning = alert.group(1)
    assert warning.startswith("Warning:")
    assert words in warning
    assert "program director" in html


def test_an_old_advisory_is_marked_stale():
    old = advisory(2, issued=timezone.localdate() - datetime.timedelta(days=400))
    assert "more than a year old" in render_to_string("includes/advisory.html", {"advisory": old})
    recent = TravelAdvisoryFactory(
        country="PE", issued=timezone.localdate() - datetime.timedelta(days=30)
    )
    html = render_to_string("includes/advisory.html", {"advisory": recent})
    assert "more than a year old" not in html


def test_no_advisory_points_to_the_state_department():
    html = render_to_string("includes/advisory.html", {"advisory": None})
    assert "no State Department advisory on file" in html
    assert 'href="https://travel.state.gov/content/travel/en/traveladvisories/' in html


def test_disclaimer_include_links_to_the_safety_page():
    html = render_to_string("includes/disclaimer.html")
    assert "not an endorsement" in html
    assert f'href="{reverse("guide:safety")}"' in html


# Through the directory's pages.


@pytest.mark.parametrize("level", [3, 4])
def test_country_page_warns_at_levels_3_and_4(client, level):
    advisory(level)
    PublishedElectiveFactory(country="KE")
    html = client.get("/countries/ke/").text
    assert WORDS[level] in block(html)
    assert "Warning:" in block(html)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_elective_page_shows_the_advisory(client, level):
    advisory(level)
    elective = PublishedElectiveFactory(country="KE")
    section = block(client.get(elective.get_absolute_url()).text)
    assert WORDS[level] in section
    assert "31 July 2025" in section
    assert ("Warning:" in section) == (level >= 3)


def test_elective_page_without_an_advisory_says_so(client):
    elective = PublishedElectiveFactory(country="NP")
    assert "no State Department advisory on file" in block(
        client.get(elective.get_absolute_url()).text
    )


def test_imported_advisories_reach_the_pages(client):
    elective = PublishedElectiveFactory(country="MM", city="Yangon")
    # Seen once before the import, so a cached copy would show the old state.
    assert "no State Department advisory on file" in client.get(elective.get_absolute_url()).text
    call_command("import_travel_advisories", str(FEED), stdout=io.StringIO(), stderr=io.StringIO())
    section = block(client.get(elective.get_absolute_url()).text)
    assert "Level 4: Do Not Travel" in section
    assert "advises against all travel to Myanmar" in section


def test_disclaimer_on_every_listing_and_detail_page(client):
    elective = PublishedElectiveFactory(country="KE")
    urls = [
        reverse("electives:list"),
        "/countries/",
        "/countries/ke/",
        "/organizations/",
        elective.get_absolute_url(),
        elective.organization.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.text
        assert '<div class="disclaimer">' in html, url
        assert "not an endorsement" in html, url
        assert f'href="{reverse("guide:safety")}"' in html, url
