"""The judged query set (tests/judged_search.py) on whichever database the tests run on
(SQLite in `make test`, PostgreSQL in CI): the same expected results on both."""

import pytest

from tests.judged_search import DIRECTORY, JUDGED, build_directory
from tests.listing import csv_slugs, result_slugs

pytestmark = pytest.mark.django_db


def test_the_set_is_large_enough_and_names_real_electives():
    assert len(JUDGED) >= 40
    known = set(DIRECTORY) | {"draft"}
    for query in JUDGED:
        named = (query.first or set()) | query.relevant | query.absent
        assert named <= known, query.words


def problems(client, query):
    """What is wrong with one query's results (an empty list when nothing is)."""
    first_page = result_slugs(client, f"q={query.words}")
    every = csv_slugs(client, f"q={query.words}")
    if query.first is None:
        return [f"finds {every}, should find nothing"] if every else []
    if not first_page:
        return ["finds nothing"]
    found = []
    if first_page[0] not in query.first:
        found.append(f"{first_page[0]} first, not one of {sorted(query.first)}")
    if missing := (query.first | query.relevant) - set(every):
        found.append(f"misses {sorted(missing)}")
    if shown := query.absent & set(every):
        found.append(f"shows {sorted(shown)}")
    if every[: len(first_page)] != first_page:
        found.append("the CSV ranks otherwise than the page")
    return found


def test_every_judged_query(client, db):
    """One directory for the whole set (building it per query would take minutes)."""
    build_directory()
    failures = {query.words: found for query in JUDGED if (found := problems(client, query))}
    assert failures == {}
