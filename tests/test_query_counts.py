"""The listing, the JSON and the CSV cost the same number of queries for 5 or 45 results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from electives.models import Language, Specialty
from tests.factories import OrganizationFactory, PublishedElectiveFactory, TravelAdvisoryFactory

URLS = [
    ("/electives/", 12),
    ("/electives/?specialty=pediatrics&language=es&pgy=2&country=KE&country=UG&sort=deadline", 14),
    ("/electives/?q=rural&region=sub-saharan-africa&open=1", 12),
    ("/api/electives/", 10),
    ("/api/electives/?specialty=pediatrics&language=es&organization=harborview-partners", 13),
    ("/electives/export.csv", 4),
    ("/electives/export.csv?specialty=pediatrics&q=rural&page=3", 5),
    ("/electives/feed/?country=KE", 2),
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


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url, most", URLS)
def test_constant_whatever_the_number_of_results(client, postgres, url, most):
    make_electives(5)
    few = queries(client, url)
    make_electives(40)
    many = queries(client, url)
    assert few == many, f"{url}: {few} queries for 5 electives, {many} for 45"
    assert many <= most


@pytest.mark.parametrize("url, most", URLS)
def test_within_budget(client, db, django_assert_max_num_queries, url, most):
    make_electives(45)
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
