"""The scope filter (SPEC.md, Filters): repeatable hands-on / observership / research-only."""

import csv
import io

import pytest

from tests.factories import DraftElectiveFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped():
    PublishedElectiveFactory(title="Hands on surgery", slug="hands", scope="hands-on")
    PublishedElectiveFactory(title="Watching clinics", slug="watch", scope="observership")
    PublishedElectiveFactory(title="Cohort study", slug="study", scope="research-only")
    PublishedElectiveFactory(title="Scope not stated", slug="unsaid", scope="")
    DraftElectiveFactory(title="Draft hands on", slug="draft", scope="hands-on")


def slugs(client, query):
    return sorted(r["slug"] for r in client.get(f"/api/electives/?{query}").json()["results"])


def test_one_scope_selects_its_electives(client, scoped):
    assert slugs(client, "scope=hands-on") == ["hands"]
    assert slugs(client, "scope=observership") == ["watch"]


def test_repeated_scopes_are_or_and_any_case_works(client, scoped):
    assert slugs(client, "scope=hands-on&scope=Research-Only") == ["hands", "study"]


def test_without_scope_every_published_elective_shows(client, scoped):
    assert slugs(client, "") == ["hands", "study", "unsaid", "watch"]
    assert slugs(client, "scope=") == ["hands", "study", "unsaid", "watch"]


def test_scope_combines_with_other_filters(client, scoped):
    PublishedElectiveFactory(slug="peru", scope="hands-on", country="PE")
    assert slugs(client, "scope=hands-on&country=pe") == ["peru"]


def test_an_unknown_scope_is_a_400_on_every_surface(client, scoped):
    page = client.get("/electives/?scope=sightseeing")
    assert page.status_code == 400
    assert "“sightseeing” is not a scope: use hands-on, observership or research-only." in page.text
    api = client.get("/api/electives/?scope=sightseeing")
    assert api.status_code == 400
    assert list(api.json()["errors"]) == ["scope"]
    text = client.get("/electives/export.csv?scope=sightseeing")
    assert text.status_code == 400
    assert text.content.decode().startswith("The filters are not valid:\nscope: ")


def test_the_csv_export_follows_the_scope(client, scoped):
    body = client.get("/electives/export.csv?scope=observership").content.decode()
    assert [row["slug"] for row in csv.DictReader(io.StringIO(body))] == ["watch"]


def test_the_form_offers_the_scopes_as_checkboxes_and_the_chip_removes_it(client, scoped):
    page = client.get("/electives/?scope=observership").text
    assert "<legend>Scope</legend>" in page
    assert '<input type="checkbox" name="scope" value="observership" checked> Observership' in page
    assert '<input type="checkbox" name="scope" value="hands-on"> Hands-on' in page
    assert "Scope: Observership" in page
    assert "Watching clinics" in page and "Hands on surgery" not in page
    # The page cache keeps each selection apart.
    other = client.get("/electives/?scope=hands-on").text
    assert "Hands on surgery" in other and "Watching clinics" not in other
