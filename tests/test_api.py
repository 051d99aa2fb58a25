"""/api/electives/: SPEC.md's JSON shape for the same filters as the page."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from electives.csv import COLUMNS, restore
from electives.models import Language, Specialty
from tests.factories import PublishedElectiveFactory
from tests.listing import api

pytestmark = pytest.mark.django_db


def test_the_envelope(client):
    PublishedElectiveFactory.create_batch(21, country="KE")
    PublishedElectiveFactory(country="PE")
    data = api(client, "country=KE&page=2")
    assert set(data) == {"count", "page", "pages", "results", "facets"}
    assert (data["count"], data["page"], data["pages"]) == (21, 2, 2)
    assert len(data["results"]) == 1
    assert set(data["facets"]) == {"category", "region", "country", "specialty"}
    assert data["facets"]["country"] == {"KE": 21, "PE": 1}


def test_a_result_has_the_csv_columns_with_real_types(client):
    PublishedElectiveFactory(
        slug="peds-kisumu",
        title="Pediatrics in Kisumu",
        organization__name="Lakeshore Health Partners",
        specialties=list(Specialty.objects.filter(slug__in=["pediatrics", "surgery"])),
        languages=list(Language.objects.filter(code__in=["sw"])),
        pgy_min=2,
        pgy_max=None,
        weeks_min=4,
        weeks_max=6,
        cost_usd=0,
        housing=False,
        deadline=datetime.date(2031, 1, 31),
        last_verified=None,
    )
    [result] = api(client)["results"]
    assert list(result) == [c for c in COLUMNS if c != "status"] + [
        "deadline_status",
        "unstated",
        "page_url",
        "debriefs",
    ]
    assert result["slug"] == "peds-kisumu"
    assert result["organization"] == "Lakeshore Health Partners"
    assert result["country"] == "KE"
    assert result["specialties"] == ["pediatrics", "surgery"]
    assert result["languages"] == ["sw"]
    assert (result["pgy_min"], result["pgy_max"]) == (2, None)
    assert (result["weeks_min"], result["weeks_max"], result["cost_usd"]) == (4, 6, 0)
    assert result["housing"] is False
    assert result["deadline"] == "2031-01-31"
    assert result["last_verified"] is None
    assert result["page_url"] == "http://testserver/electives/peds-kisumu/"


def test_unknown_cost_and_rolling_deadline_are_null(client):
    PublishedElectiveFactory(cost_usd=None, deadline=None, specialties=[], languages=[])
    [result] = api(client)["results"]
    assert result["cost_usd"] is None and result["deadline"] is None
    assert result["specialties"] == [] and result["languages"] == []


@pytest.mark.parametrize(
    ("days", "status"), [(1, "open"), (0, "open"), (-1, "closed"), (None, "rolling")]
)
def test_each_result_says_whether_its_deadline_is_open_rolling_or_closed(client, days, status):
    today = timezone.localdate()
    deadline = None if days is None else today + datetime.timedelta(days=days)
    PublishedElectiveFactory(deadline=deadline)
    [result] = api(client)["results"]
    assert result["deadline_status"] == status


def test_page_url_follows_the_host(client):
    elective = PublishedElectiveFactory()
    data = client.get("/api/electives/", HTTP_HOST="localhost").json()
    assert data["results"][0]["page_url"] == f"http://localhost{elective.get_absolute_url()}"


def test_results_in_listing_order(client):
    PublishedElectiveFactory(slug="b", title="Bravo", cost_usd=10)
    PublishedElectiveFactory(slug="a", title="Alpha", cost_usd=20)
    assert [r["slug"] for r in api(client, "sort=title")["results"]] == ["a", "b"]
    assert [r["slug"] for r in api(client, "sort=cost")["results"]] == ["b", "a"]


def test_no_results(client):
    data = api(client)
    assert data["count"] == 0 and data["results"] == [] and data["page"] == 1
    assert data["facets"] == {"category": {}, "region": {}, "country": {}, "specialty": {}}


def test_the_json_is_json(client):
    response = client.get("/api/electives/")
    assert response["Content-Type"] == "application/json"


def test_the_json_and_the_csv_give_the_same_record(client):
    PublishedElectiveFactory(
        specialties=list(Specialty.objects.filter(slug__in=["surgery", "pediatrics"])),
        languages=list(Language.objects.filter(code__in=["sw", "fr"])),
        pgy_min=None,
        pgy_max=3,
        cost_usd=None,
        housing=True,
        deadline=datetime.date(2031, 1, 31),
        summary="=1+2 is not a formula here",
    )
    [result] = api(client)["results"]
    [row] = csv.DictReader(io.StringIO(client.get("/electives/export.csv").content.decode()))
    as_text = {True: "yes", False: "no", None: ""}
    for column in COLUMNS:
        if column == "status":
            continue
        value = result[column]
        if isinstance(value, list):
            value = ";".join(value)
        elif value is None or isinstance(value, bool):
            value = as_text[value]
        assert str(value) == restore(row[column]), column
    # The spreadsheet's protection is the CSV's alone.
    assert result["summary"] == "=1+2 is not a formula here"
    assert row["summary"] == "'=1+2 is not a formula here"
