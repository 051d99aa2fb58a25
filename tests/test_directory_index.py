"""The directory answers from an in-process index and rendered cards (electives.index,
electives.listing); with the page cache off, every edit shows on the very next request."""

import pytest

from electives.models import Elective, Specialty, Status
from electives.search import update_search_vectors
from tests.factories import DraftElectiveFactory, PublishedElectiveFactory, TravelAdvisoryFactory
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
    assert "Travel advisory level 4" in client.get("/electives/").content.decode()


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


def test_an_edit_racing_the_index_never_shows_a_draft_nor_fails(client, db):
    """Between an edit's commit and the next version read, the index may be a moment old:
    a search it has not answered yet finds what is published now, and hits the index does
    not hold are skipped. (Searches it has answered are kept for its version: Index.search.)"""
    shown = PublishedElectiveFactory(title="Malaria Surveillance Project")
    hidden = PublishedElectiveFactory(title="Malaria Ward Rotation")
    newcomer = DraftElectiveFactory(title="Malaria Clinic Elective")
    assert client.get("/electives/?q=malaria").status_code == 200  # the index is built
    # Writes without signals, so the version (and the index) stay as they were.
    Elective.objects.filter(pk=hidden.pk).update(status=Status.DRAFT)
    Elective.objects.filter(pk=newcomer.pk).update(
        status=Status.PUBLISHED, published_at=shown.published_at
    )
    update_search_vectors(Elective.objects.filter(pk=newcomer.pk))
    page = client.get("/electives/?q=MALARIA&page=1&sort=relevance")  # not asked before
    assert page.status_code == 200
    text = page.content.decode()
    assert "Malaria Surveillance Project" in text and "Malaria Ward Rotation" not in text


def test_a_repeated_search_is_answered_without_searching_again(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PublishedElectiveFactory(title="Malaria Surveillance Project")
    PublishedElectiveFactory(title="Rural Surgery Elective")

    def queries(url):
        with CaptureQueriesContext(connection) as context:
            found = api(client, url)
        return found["count"], len(context.captured_queries)

    _, plain = queries("")  # builds the index
    _, plain = queries("sort=title")
    count, first = queries("q=malaria")
    assert count == 1 and first == plain + 1  # the search
    assert queries("q=malaria&sort=title") == (1, plain)  # the same words: kept
    # An edit gives a new version, whose index searches afresh and finds the new words.
    PublishedElectiveFactory(title="Malaria Clinic Elective")
    queries("")
    assert queries("q=malaria") == (2, plain + 1)
