import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def safety(client):
    response = client.get(reverse("guide:safety"))
    assert response.status_code == 200
    return response.text


def test_safety_page_has_one_title_contents_and_review_date(safety):
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", safety) == ["Safety and disclaimer"]
    assert '<nav class="toc"' in safety
    assert "Last reviewed" in safety


@pytest.mark.parametrize(
    "heading, words",
    [
        ("A listing is not an endorsement", "does not mean that we recommend"),
        ("Check everything with the host and your program", "comes from its sponsor"),
        ("Check everything with the host and your program", "can change at any time"),
        ("Investigate every contact and organization", "foreign contact and organization"),
        ("Protect your personal and financial safety", "Take every precaution"),
        ("Who this directory is for", "physicians in U.S. residency programs"),
    ],
)
def test_safety_page_covers_each_point_of_the_disclaimer(safety, heading, words):
    assert f">{heading}</h2>" in safety
    section = safety.split(f">{heading}</h2>", 1)[1].split("<h2", 1)[0]
    assert words in section


def test_physicians_trained_elsewhere_are_pointed_to_the_right_resources(safety):
    section = safety.split(">Who this directory is for</h2>", 1)[1].split("<h2", 1)[0]
    assert 'href="https://www.ecfmg.org/"' in section
    ama = "https://www.ama-assn.org/member-groups-sections/international-medical-graduates"
    assert f'href="{ama}"' in section
    assert "International Medical Graduates Section" in section


def test_safety_page_explains_the_advisories_shown_on_the_site(safety):
    assert "Reconsider Travel" in safety and "Do Not Travel" in safety
    assert "https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories.html" in (
        safety
    )


def test_every_page_footer_links_to_the_safety_page(client):
    for url in [reverse("home"), reverse("guide:index"), reverse("guide:resources")]:
        assert f'href="{reverse("guide:safety")}"' in client.get(url).text
