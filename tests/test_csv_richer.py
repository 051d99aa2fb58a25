"""The richer columns (SPEC.md: after the first 21) through CSV and JSON."""

import csv
import io

import pytest
from django.core.management import call_command

from electives.csv import COLUMNS, RICHER_COLUMNS
from electives.models import Elective, Organization, Scope, YesNo
from tests.factories import ElectiveFactory, PublishedElectiveFactory
from tests.test_csv_import import BASIC_COLUMNS, GOOD_ROW, make_csv

pytestmark = pytest.mark.django_db

RICHER = {
    "scope": Scope.RESEARCH_ONLY,
    "supervision": "=A consultant, on site",  # a formula sign: protected in the CSV only
    "malpractice": "The host's policy;\nnot the resident's",
    "fee_includes": "Housing, meals",
    "requirements": "Hepatitis B immunity",
    "emergency_support": YesNo.YES,
    "partner_since": 2009,
    "credit_granted": YesNo.NO,
}


def export(*args):
    out = io.StringIO()
    call_command("export_electives", *args, stdout=out)
    return out.getvalue()


def test_the_export_writes_the_richer_columns_after_the_21_in_spec_order():
    ElectiveFactory(slug="rich", **RICHER)
    ElectiveFactory(slug="plain")
    text = export()
    assert (
        ",last_verified,scope,supervision,malpractice,fee_includes,requirements,"
        "emergency_support,partner_since,credit_granted,"
    ) in text.splitlines()[0]
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    assert {name: rows["rich"][name] for name in RICHER} == {
        "scope": "research-only",
        "supervision": "'=A consultant, on site",
        "malpractice": "The host's policy;\nnot the resident's",
        "fee_includes": "Housing, meals",
        "requirements": "Hepatitis B immunity",
        "emergency_support": "yes",
        "partner_since": "2009",
        "credit_granted": "no",
    }
    assert all(rows["plain"][name] == "" for name in RICHER_COLUMNS)


def test_richer_columns_round_trip_byte_identically(tmp_path):
    ElectiveFactory(slug="rich", **RICHER)
    ElectiveFactory(slug="plain")
    first = tmp_path / "first.csv"
    export("-o", str(first))
    Elective.objects.all().delete()
    Organization.objects.all().delete()
    call_command("import_electives", str(first), stdout=io.StringIO())
    rich = Elective.objects.get(slug="rich")
    assert {name: getattr(rich, name) for name in RICHER} == RICHER
    assert export().encode() == first.read_bytes()


def test_a_file_of_the_first_21_columns_creates_with_the_richer_fields_empty(run_import):
    ok, out, err = run_import(make_csv({"slug": "new"}, columns=BASIC_COLUMNS))
    assert ok, err
    elective = Elective.objects.get(slug="new")
    assert elective.scope == elective.emergency_support == elective.credit_granted == ""
    assert elective.supervision == elective.requirements == ""
    assert elective.partner_since is None


def test_a_file_of_the_first_21_columns_leaves_the_richer_fields_unchanged(run_import):
    ElectiveFactory(slug="kept", title="Old title", **RICHER)
    ok, out, err = run_import(make_csv({"slug": "kept"}, columns=BASIC_COLUMNS))
    assert ok, err
    assert "1 were updated" in out
    elective = Elective.objects.get(slug="kept")
    assert elective.title == GOOD_ROW["title"]
    assert {name: getattr(elective, name) for name in RICHER} == RICHER


def test_richer_columns_given_on_update_replace_the_old_values(run_import):
    ElectiveFactory(slug="kept", **RICHER)
    row = {name: "" for name in RICHER_COLUMNS} | {"slug": "kept", "scope": "observership"}
    ok, _, err = run_import(make_csv(row))
    assert ok, err
    elective = Elective.objects.get(slug="kept")
    assert elective.scope == "observership"
    assert elective.supervision == "" and elective.partner_since is None


def test_a_file_may_give_some_richer_columns_and_not_others(run_import):
    ElectiveFactory(slug="kept", **RICHER)
    ok, _, err = run_import(make_csv({"slug": "kept"}, columns=[*BASIC_COLUMNS, "scope"]))
    assert ok, err
    elective = Elective.objects.get(slug="kept")
    assert elective.scope == GOOD_ROW["scope"]
    assert elective.supervision == RICHER["supervision"]


def test_the_json_gives_the_richer_fields_typed(client):
    PublishedElectiveFactory(slug="rich", **RICHER)
    PublishedElectiveFactory(slug="plain")
    results = {r["slug"]: r for r in client.get("/api/electives/").json()["results"]}
    rich, plain = results["rich"], results["plain"]
    assert list(rich) == [c for c in COLUMNS if c != "status"] + [
        "deadline_status",
        "unstated",
        "page_url",
        "debriefs",
    ]
    assert {name: rich[name] for name in RICHER} == {
        "scope": "research-only",
        "supervision": "=A consultant, on site",
        "malpractice": "The host's policy;\nnot the resident's",
        "fee_includes": "Housing, meals",
        "requirements": "Hepatitis B immunity",
        "emergency_support": "yes",
        "partner_since": 2009,
        "credit_granted": "no",
    }
    # Not stated: null for the choices and the year, "" for the texts.
    assert plain["scope"] is None and plain["partner_since"] is None
    assert plain["emergency_support"] is None and plain["credit_granted"] is None
    assert plain["supervision"] == ""
