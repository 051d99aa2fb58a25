"""The approval fields (SPEC.md, "Additions") through CSV, JSON, the elective's page, compare
and the sponsors' verify page: each one shown as stated, and "Not stated" when empty."""

import csv
import io
import re

import pytest
from django.core.management import call_command

from curation.models import VerificationRequest
from electives.csv import COLUMNS
from electives.models import Elective, Organization, YesNo
from tests.factories import ElectiveFactory, PublishedElectiveFactory
from tests.test_csv_import import BASIC_COLUMNS, GOOD_ROW, make_csv

pytestmark = pytest.mark.django_db

APPROVAL = {
    "letter_of_agreement": YesNo.YES,
    "supervisor": "Dr. Amina Otieno, MMed (Family Medicine)",
    "evaluation_returned": YesNo.NO,
    "site_address": "Kisumu County Hospital\nOginga Odinga Road, Kisumu",
    "site_contact_name": "Peter Ouma",
    "site_contact_title": "Electives coordinator",
    "site_contact_email": "electives@kisumu.example.org",
    "lead_time_weeks": 12,
    "malpractice_cost": "+USD 200 for the rotation, paid by the resident",  # a formula sign
}
# How the pages word each stated value above.
SHOWN = {
    "Signs a program letter of agreement": "Yes",
    "Supervisor and credentials": "Dr. Amina Otieno, MMed (Family Medicine)",
    "Returns an evaluation of the resident": "No",
    "Site address": "Kisumu County Hospital",
    "Site contact": "Peter Ouma, Electives coordinator, electives@kisumu.example.org",
    "Lead time for paperwork": "12 weeks before the start",
    "Malpractice cost": "+USD 200 for the rotation, paid by the resident",
}


def export(*args):
    out = io.StringIO()
    call_command("export_electives", *args, stdout=out)
    return out.getvalue()


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def facts_in(content):
    """{label: value} of the approval facts on a page."""
    html = content.decode()
    block = html[html.index('class="facts approval-facts"') :]
    block = block[: block.index("</dl>")]
    return {
        text_of(dt).strip(): text_of(dd).strip()
        for dt, dd in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", block, re.S)
    }


def test_the_export_writes_the_approval_columns_after_the_richer_ones():
    ElectiveFactory(slug="approved", **APPROVAL)
    ElectiveFactory(slug="plain")
    text = export()
    assert (
        ",credit_granted,letter_of_agreement,supervisor,evaluation_returned,site_address,"
        "site_contact_name,site_contact_title,site_contact_email,lead_time_weeks,malpractice_cost,"
        in text.splitlines()[0]
    )
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    assert {name: rows["approved"][name] for name in APPROVAL} == {
        **{name: str(value) for name, value in APPROVAL.items()},
        "malpractice_cost": "'+USD 200 for the rotation, paid by the resident",
    }
    assert all(rows["plain"][name] == "" for name in APPROVAL)


def test_every_approval_field_round_trips_byte_identically(tmp_path):
    ElectiveFactory(slug="approved", **APPROVAL)
    ElectiveFactory(slug="plain")
    first = tmp_path / "first.csv"
    export("-o", str(first))
    Elective.objects.all().delete()
    Organization.objects.all().delete()
    call_command("import_electives", str(first), stdout=io.StringIO())
    approved = Elective.objects.get(slug="approved")
    assert {name: getattr(approved, name) for name in APPROVAL} == APPROVAL
    plain = Elective.objects.get(slug="plain")
    assert plain.letter_of_agreement == plain.supervisor == "" and plain.lead_time_weeks is None
    assert export().encode() == first.read_bytes()


def test_a_file_without_the_approval_columns_leaves_them_unchanged(run_import):
    ElectiveFactory(slug="kept", **APPROVAL)
    ok, out, err = run_import(make_csv({"slug": "kept"}, columns=BASIC_COLUMNS))
    assert ok, err
    kept = Elective.objects.get(slug="kept")
    assert kept.title == GOOD_ROW["title"]
    assert {name: getattr(kept, name) for name in APPROVAL} == APPROVAL


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("letter_of_agreement", "maybe", 'letter_of_agreement must be yes or no (got "maybe")'),
        ("evaluation_returned", "sure", 'evaluation_returned must be yes or no (got "sure")'),
        ("lead_time_weeks", "soon", 'lead_time_weeks must be a whole number (got "soon")'),
        ("lead_time_weeks", "200", 'lead_time_weeks must be at most 104 (got "200")'),
        ("site_contact_email", "peter at kisumu", "site_contact_email must be an e-mail address"),
    ],
)
def test_a_bad_approval_cell_is_a_line_error(run_import, column, value, message):
    ok, _, err = run_import(make_csv({column: value}))
    assert not ok
    assert "row 2 (line 2): " in err and message in err
    assert not Elective.objects.exists()


def test_the_json_gives_the_approval_fields_typed(client):
    PublishedElectiveFactory(slug="approved", **APPROVAL)
    PublishedElectiveFactory(slug="plain")
    results = {r["slug"]: r for r in client.get("/api/electives/").json()["results"]}
    assert list(results["plain"]) == [c for c in COLUMNS if c != "status"] + [
        "deadline_status",
        "unstated",
        "page_url",
        "debriefs",
    ]
    assert {name: results["approved"][name] for name in APPROVAL} == {
        **APPROVAL,
        "letter_of_agreement": "yes",
        "evaluation_returned": "no",
    }
    plain = results["plain"]
    # Not stated: null for the yes/no answers and the number, "" for the texts.
    assert plain["letter_of_agreement"] is None and plain["evaluation_returned"] is None
    assert plain["lead_time_weeks"] is None
    assert all(
        plain[name] == ""
        for name in APPROVAL
        if name not in ("letter_of_agreement", "evaluation_returned", "lead_time_weeks")
    )


def test_the_elective_page_shows_each_approval_fact(client):
    PublishedElectiveFactory(slug="approved", **APPROVAL)
    facts = facts_in(client.get("/electives/approved/").content)
    assert set(SHOWN) <= set(facts)
    for label, shown in SHOWN.items():
        assert shown in facts[label], label


def test_the_elective_page_says_not_stated_for_every_empty_approval_fact(client):
    PublishedElectiveFactory(slug="plain", lead_time_weeks=None)
    facts = facts_in(client.get("/electives/plain/").content)
    # The site facts too (tests/test_site_facts.py).
    assert set(SHOWN) < set(facts)
    assert set(facts.values()) == {"Not stated"}


def test_a_lead_time_of_zero_weeks_is_stated_not_missing(client):
    PublishedElectiveFactory(slug="at-once", lead_time_weeks=0)
    facts = facts_in(client.get("/electives/at-once/").content)
    assert facts["Lead time for paperwork"] == "0 weeks before the start"


def test_compare_has_a_row_per_approval_fact(client):
    PublishedElectiveFactory(slug="approved", **APPROVAL)
    PublishedElectiveFactory(slug="plain")
    response = client.get("/compare/?e=approved,plain")
    rows = {row.label: [value["text"] for value in row.values] for row in response.context["rows"]}
    for label, shown in SHOWN.items():
        assert shown in rows[label][0], label
        assert rows[label][1] == "Not stated", label
    assert "Not stated" in response.content.decode()


def test_the_verify_page_shows_the_sponsor_what_programs_are_told(client):
    elective = PublishedElectiveFactory(slug="approved", **APPROVAL)
    other = PublishedElectiveFactory(slug="plain", organization=elective.organization)
    request = VerificationRequest.objects.create(
        organization=elective.organization, email="sponsor@example.org"
    )
    request.electives.set([elective, other])
    html = client.get(request.get_absolute_url()).content.decode()
    assert "Dr. Amina Otieno, MMed (Family Medicine)" in html
    assert "12 weeks before the start" in html
    assert "Not stated" in html  # the other listing's facts
    assert "the approval details above" in html
