"""The listing, the JSON and the CSV cost the same number of queries for 5 or 45 results,
whatever the page size or the number of facet options.

Every public request reads the content version once (electives.cache); a process's first
request also builds the directory's index (electives.index: six queries), and the first
after an edit brings it up to date (four: the changes, and the changed electives' rows and
their specialties and languages). The budgets below include the build. With `q`, the CSV (and the
feed) first asks whether the words find anything, to search for their correction if not.
A specialty, language or sponsor slug is checked against the index (Index.known), so a CSV
with one builds the index too when its process has not yet.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from electives import index
from electives.models import Elective, Language, Specialty
from tests.factories import (
    OrganizationFactory,
    PublishedElectiveFactory,
    SpecialtyFactory,
    TravelAdvisoryFactory,
)

# Each test starts as a fresh process (tests/conftest.py); one holding an index of an earlier
# version reads the changes since (one more query) before it rebuilds (asserted below).
URLS = [
    ("/electives/", 10),
    ("/electives/?specialty=pediatrics&language=es&pgy=2&country=KE&country=UG&sort=deadline", 11),
    ("/electives/?q=rural&region=sub-saharan-africa&open=1", 11),
    # The JSON also sums up its page's published debriefs: one query (debriefs.summary).
    ("/api/electives/", 11),
    ("/api/electives/?specialty=pediatrics&language=es&organization=harborview-partners", 13),
    # The CSV and the feed answer from the same selection as the listing (the index).
    ("/electives/export.csv", 10),
    ("/electives/export.csv?specialty=pediatrics&q=rural&page=3", 12),
    ("/electives/feed/?country=KE", 10),
]


def make_electives(n):
    pediatrics = Specialty.objects.get(slug="pediatrics")
    spanish = Language.objects.get(code="es")
    sponsor = OrganizationFactory(name="Harborview Partners")
    TravelAdvisoryFactory(country="KE")
    for i in range(n):
        PublishedElectiveFactory(
            country=["KE", "UG", "PE"][i % 3],
            organization=sponsor,
            specialties=[pediatrics] if i % 2 else [],
            languages=[spanish] if i % 4 == 0 else [],
        )


def a_new_process(monkeypatch):
    """Forget this process's index, as a freshly started worker holds none."""
    monkeypatch.setattr(index, "_current", None)
    monkeypatch.setattr(index, "_previous", None)


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url, most", URLS)
def test_constant_whatever_the_number_of_results(client, postgres, monkeypatch, url, most):
    make_electives(5)
    a_new_process(monkeypatch)
    few = queries(client, url)
    make_electives(40)
    a_new_process(monkeypatch)
    many = queries(client, url)
    assert few == many, f"{url}: {few} queries for 5 electives, {many} for 45"
    assert many <= most


@pytest.mark.parametrize("url, most", URLS)
def test_within_budget(client, db, django_assert_max_num_queries, url, most):
    make_electives(45)
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200


# Once the index is built: the content version, the page's rows and their two prefetches,
# plus one query per filter naming rows (specialty, language, organization), one for q.
WARM = [
    ("/electives/", 4),
    ("/electives/?specialty=pediatrics&language=es&pgy=2&country=KE&country=UG&sort=cost", 6),
    ("/electives/?q=rural&region=sub-saharan-africa&open=1&sort=title", 5),
    ("/api/electives/?organization=harborview-partners&page=2", 6),
    # The version, the rows by id and the specialties and languages of each chunk of rows.
    ("/electives/export.csv?country=KE&sort=title", 4),
    ("/electives/feed/?country=KE", 4),
]


def many_options(n):
    """n electives in n countries, each listing its own specialty: n options per facet."""
    codes = ["KE", "UG", "PE", "IN", "NP", "GH", "TZ", "MW", "BO", "GT", "HT", "VN"][:n]
    sponsor = OrganizationFactory(name="Harborview Partners")
    specialties = list(Specialty.objects.order_by("slug")[:n])
    for i in range(24):
        PublishedElectiveFactory(
            organization=sponsor,
            country=codes[i % n],
            specialties=[specialties[i % n]],
            languages=[],
        )


@pytest.mark.parametrize("url, most", WARM)
def test_a_page_costs_the_same_whatever_the_page_size_or_options(client, db, settings, url, most):
    counts = []
    for options, page_size in ((2, 5), (12, 10)):
        Elective.objects.all().delete()
        many_options(options)
        settings.LISTING_PAGE_SIZE = page_size
        client.get(reverse("electives:list") + "?warm=the-index")
        counts.append(queries(client, url))
    assert counts[0] == counts[1], f"{url}: {counts} queries"
    assert counts[1] <= most


def test_the_index_is_built_once_and_then_kept_up_to_date_by_what_changed(client, db):
    make_electives(10)
    sponsor = Elective.objects.first().organization
    first = queries(client, "/electives/?country=KE")
    again = queries(client, "/electives/?country=UG")
    assert again == first - 6  # the build
    edited = Elective.objects.get(pk=Elective.objects.filter(country="UG").first().pk)
    edited.title = "Edited"
    edited.save()
    PublishedElectiveFactory(country="UG", organization=sponsor)
    # The changes and the rows of the two electives they touched: no rebuild.
    assert queries(client, "/electives/?country=UG&sort=title") == again + 4
    SpecialtyFactory(name="Tropical medicine")  # not an elective's own change: a rebuild
    assert queries(client, "/electives/?country=UG") == first + 1  # after reading the changes
