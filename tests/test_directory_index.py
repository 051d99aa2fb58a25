"""The directory answers from an in-process index and rendered cards (electives.index,
electives.listing); with the page cache off, every edit shows on the very next request."""

import pytest

from electives.models import Specialty, Status
from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory
from tests.listing import api, result_slugs


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = False


def test_an_edit_to_a_card_shows_at_once(client, db):
    elective = PublishedElectiveFactory(title="Rural Surgery Elective", country="KE")
    assert "Rural Surgery Elective" in client.get("/electives/").content.decode()
    elective.title = "Rural Obstetrics Elective"
    elective.save()
    page = client.get("/electives/").content.decode()
    assert "Rural Obstetrics Elective" in page and "Rural Surgery Elective" not in page
    elective.organization.name = "Lakeside Health Trust"
    elective.organization.save()
    assert "Lakeside Health Trust" in client.get("/electives/").content.decode()
    TravelAdvisoryFactory(country="KE", level=4)
    assert "Level 4" in client.get("/electives/").content.decode()


def test_unpublishing_leaves_the_results_and_the_counts_at_once(client, db):
    kept = PublishedElectiveFactory(country="KE")
    gone = PublishedElectiveFactory(country="UG")
    assert api(client)["facets"]["country"] == {"KE": 1, "UG": 1}
    gone.status = Status.ARCHIVED
    gone.save()
    assert result_slugs(client) == [kept.slug]
    assert api(client)["facets"]["country"] == {"KE": 1}
    assert gone.title not in client.get("/electives/?country=KE&country=UG").content.decode()


def test_a_new_specialty_link_counts_at_once(client, db):
    surgery = Specialty.objects.get(slug="surgery")
    elective = PublishedElectiveFactory(specialties=[surgery])
    assert api(client, "specialty=pediatrics")["count"] == 0
    elective.specialties.clear()  # open to every specialty now
    assert api(client, "specialty=pediatrics")["count"] == 1
