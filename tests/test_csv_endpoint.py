"""/electives/export.csv: every match for the page's filters, in SPEC.md's CSV format."""

import csv
import io

import pytest

from electives.csv import COLUMNS
from tests.factories import (
    ArchivedElectiveFactory,
    DraftElectiveFactory,
    InReviewElectiveFactory,
    PublishedElectiveFactory,
)
from tests.listing import result_slugs

pytestmark = pytest.mark.django_db


def download(client, params=""):
    response = client.get(f"/electives/export.csv?{params}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    return list(csv.DictReader(io.StringIO(text)))


def test_every_match_not_just_a_page(client):
    PublishedElectiveFactory.create_batch(45, country="KE")
    PublishedElectiveFactory(country="PE")
    rows = download(client, "country=ke&page=2")
    assert len(rows) == 45
    assert {row["country"] for row in rows} == {"KE"}


def test_the_same_matches_in_the_same_order_as_the_page(client):
    for n, cost in enumerate([300, None, 0, 800, 150]):
        PublishedElectiveFactory(slug=f"e{n}", cost_usd=cost, country="KE" if n % 2 else "UG")
    for params in ["sort=cost", "country=KE&sort=title", "max_cost=500", "q=rural"]:
        assert [row["slug"] for row in download(client, params)] == result_slugs(client, params)


def test_published_only(client):
    PublishedElectiveFactory(slug="live")
    DraftElectiveFactory(slug="draft")
    InReviewElectiveFactory(slug="review")
    ArchivedElectiveFactory(slug="old")
    rows = download(client)
    assert [row["slug"] for row in rows] == ["live"]
    assert rows[0]["status"] == "published"


def test_formula_cells_are_neutralised(client):
    PublishedElectiveFactory(
        title='=HYPERLINK("http://evil.example")', summary="+1 for you", city="@home"
    )
    [row] = download(client)
    assert row["title"].startswith("'=")
    assert row["summary"] == "'+1 for you"
    assert row["city"] == "'@home"
