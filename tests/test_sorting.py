"""Every sort order, with the stable tie-breaks (title, then id)."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from electives.models import Elective
from tests.factories import PublishedElectiveFactory
from tests.listing import result_slugs

pytestmark = pytest.mark.django_db


def published(slug, days_ago=0, **fields):
    elective = PublishedElectiveFactory(slug=slug, title=fields.pop("title", slug), **fields)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Elective.objects.filter(pk=elective.pk).update(published_at=when)
    return elective


def test_newest_is_the_default_without_a_search(client):
    published("old", days_ago=30)
    published("new", days_ago=1)
    published("middle", days_ago=10)
    assert result_slugs(client) == ["new", "middle", "old"]
    assert result_slugs(client, "sort=newest") == ["new", "middle", "old"]
    # Relevance means nothing without words: newest again.
    assert result_slugs(client, "sort=relevance") == ["new", "middle", "old"]


@pytest.mark.parametrize("surface", ["json", "csv"])
def test_deadline_puts_upcoming_soonest_first_then_rolling_then_passed_most_recent_first(
    client, surface
):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    published("closed-last-year", deadline=today - 365 * day)
    published("rolling-b", deadline=None, title="Bravo")
    published("in-a-month", deadline=today + 30 * day)
    published("closed-yesterday", deadline=today - day)
    published("rolling-a", deadline=None, title="Alpha")
    published("today", deadline=today)
    published("next-week", deadline=today + 7 * day)
    expected = [
        "today",
        "next-week",
        "in-a-month",
        "rolling-a",
        "rolling-b",
        "closed-yesterday",
        "closed-last-year",
    ]
    if surface == "csv":
        # The CSV streams every match in the index's order.
        response = client.get("/electives/export.csv", {"sort": "deadline"})
        rows = csv.DictReader(io.StringIO(response.getvalue().decode()))
        assert [row["slug"] for row in rows] == expected
    else:
        # The JSON pages through the index's order (electives.orderings.sort_key).
        assert result_slugs(client, "sort=deadline") == expected


def test_title(client):
    published("c", title="Cardiology in Cusco")
    published("a", title="Anesthesia in Accra")
    published("b", title="Burns care in Blantyre")
    assert result_slugs(client, "sort=title") == ["a", "b", "c"]


def test_duration_by_shortest_then_longest_stay(client):
    published("4-8", weeks_min=4, weeks_max=8)
    published("2-12", weeks_min=2, weeks_max=12)
    published("4-4", weeks_min=4, weeks_max=4)
    assert result_slugs(client, "sort=duration") == ["2-12", "4-4", "4-8"]


def test_cost_cheapest_first_and_unknown_last(client):
    published("unknown", cost_usd=None)
    published("dear", cost_usd=2500)
    published("free", cost_usd=0)
    published("cheap", cost_usd=200)
    assert result_slugs(client, "sort=cost") == ["free", "cheap", "dear", "unknown"]


@pytest.mark.parametrize("sort", ["newest", "deadline", "title", "duration", "cost"])
def test_ties_are_broken_by_title_then_id(client, sort):
    same_moment = timezone.now()
    for slug, title in [("z2", "Same title"), ("m", "Middle title"), ("z1", "Same title")]:
        elective = PublishedElectiveFactory(slug=slug, title=title, cost_usd=100, deadline=None)
        Elective.objects.filter(pk=elective.pk).update(published_at=same_moment)
    # Same fee, weeks, deadline and date: by title, then by id (z2 was created first).
    assert result_slugs(client, f"sort={sort}") == ["m", "z2", "z1"]


def test_relevance_is_the_default_with_a_search(client):
    published("in-description", days_ago=1, title="Clinic work", description="Some malaria.")
    published("in-title", days_ago=30, title="Malaria research")
    assert result_slugs(client, "q=malaria") == ["in-title", "in-description"]
    assert result_slugs(client, "q=malaria&sort=newest") == ["in-description", "in-title"]


def test_pages_never_overlap_whatever_the_sort(client):
    moment = timezone.now()
    for n in range(45):
        elective = PublishedElectiveFactory(slug=f"e{n:02}", title="Same", cost_usd=100)
        Elective.objects.filter(pk=elective.pk).update(published_at=moment)
    for sort in ["newest", "cost", "deadline"]:
        seen = []
        for page in (1, 2, 3):
            seen += result_slugs(client, f"sort={sort}&page={page}")
        assert sorted(seen) == [f"e{n:02}" for n in range(45)]


def test_newest_tells_apart_electives_published_within_one_second(client):
    # The index counts published_at in microseconds in the database (index.Microseconds).
    now = timezone.now().replace(microsecond=500_000)
    for slug, microseconds in [
        ("earlier", -1),
        ("same-second", 0),
        ("later", 1),
        ("next", 500_001),
    ]:
        elective = PublishedElectiveFactory(slug=slug, title="Same title")
        when = now + datetime.timedelta(microseconds=microseconds)
        Elective.objects.filter(pk=elective.pk).update(published_at=when)
    assert result_slugs(client) == ["next", "later", "same-second", "earlier"]
