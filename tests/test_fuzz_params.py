"""Whatever the query string, the listing and the JSON answer 200, 400 or 404: never a 500."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from electives.filters import ElectiveFilter
from tests.factories import PublishedElectiveFactory

KNOWN = list(ElectiveFilter.base_filters)
LIKELY_VALUES = [
    "", "1", "0", "-1", "8", "9", "abc", "KE", "ke", "ZZ", "pediatrics", "research",
    "sub-saharan-africa", "es", "en", "relevance", "deadline", "cost", "1e3", "2.5",
    "99999999999999999999999", "\x00", "%", "'", '"', "<script>", "ÿ", " ", "null",
]  # fmt: skip
names = st.one_of(st.sampled_from(KNOWN), st.text(max_size=12))
values = st.one_of(st.sampled_from(LIKELY_VALUES), st.text(max_size=40), st.integers().map(str))
SLOW_AND_SHARED = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
params = st.lists(st.tuples(names, values), max_size=8)


@pytest.fixture
def some_electives(db):
    # Read-only for every example, so one set per test is enough.
    return PublishedElectiveFactory.create_batch(3)


@pytest.mark.parametrize("path", ["/electives/", "/api/electives/"])
@settings(max_examples=60, deadline=None, suppress_health_check=SLOW_AND_SHARED)
@given(query=params)
def test_never_a_server_error(some_electives, path, query):
    client = Client(raise_request_exception=False)
    response = client.get(f"{path}?{urlencode(query)}")
    assert response.status_code in (200, 400, 404), (query, response.status_code)


@settings(max_examples=25, deadline=None, suppress_health_check=SLOW_AND_SHARED)
@given(query=params)
def test_the_csv_never_fails_either(some_electives, query):
    client = Client(raise_request_exception=False)
    response = client.get(f"/electives/export.csv?{urlencode(query)}")
    assert response.status_code in (200, 400), (query, response.status_code)
