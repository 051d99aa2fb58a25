"""What program directors, GME offices and boards also ask about a site (electives.site_facts,
issue 26 section 2): CSV round trip and checks, typed JSON, and the words on the detail page,
compare, the sponsors' verify page and the packet, "Not stated" when empty."""

import io

import pytest
from django.core.management import call_command

from curation.models import VerificationRequest
from electives.csv import COLUMNS
from electives.models import Accreditation, Elective, Insurance, Organization
from electives.site_facts import SITE_FACTS, SITE_FIELDS
from tests.factories import ElectiveFactory, PublishedDebriefFactory, PublishedElectiveFactory
from tests.test_approval_fields import export, facts_in
from tests.test_csv_import import make_csv

pytestmark = pytest.mark.django_db

SITE = {
    "supervisor_credentials": "MMed (Family Medicine); registered with the Kenya council",
    "supervision_frequency": "Daily on ward rounds",
    "evaluation_details": "The program's form, returned within two weeks of the end",
    "accreditation": Accreditation.JCI,
    "accrediting_body": "Joint Commission International",
    "duty_hours_week": 55,
    "call_schedule": "One night in four, in house",
    "evacuation_insurance": Insurance.REQUIRED,
    "health_insurance": Insurance.PROVIDED,
    "disability_insurance": "",
    "exposure_plan": "-Testing and HIV PEP at the staff clinic within two hours",  # a formula sign
    "emergency_contact": "Electives office, +254 700 000 001, day and night",
    "total_cost_usd": 3200,
    "total_cost_notes": "Fee $500, housing included, a typical flight $2,500, visa $200",
}
SHOWN = {
    "Supervisor's credentials": "MMed (Family Medicine); registered with the Kenya council",
    "How often the supervisor supervises": "Daily on ward rounds",
    "Evaluation the host returns, and when": "returned within two weeks of the end",
    "Accredited hospital": "Accredited by Joint Commission International",
    "Duty hours and call": "About 55 hours a week; call: One night in four, in house",
    "Insurance the host provides or requires": (
        "Evacuation: required (the resident arranges it); Health: provided by the host; "
        "Disability: not stated"
    ),
    "Needlestick and HIV post-exposure plan": "-Testing and HIV PEP at the staff clinic",
    "24/7 emergency contact": "Electives office, +254 700 000 001, day and night",
    "Estimated total cost for the resident": "About $3,200 (USD): Fee $500, housing included",
}


def test_the_csv_writes_the_site_columns_last_in_the_declared_order():
    assert COLUMNS[-len(SITE_FIELDS) :] == SITE_FIELDS
    assert COLUMNS[COLUMNS.index("malpractice_cost") + 1] == SITE_FIELDS[0]
    assert {fact.label for fact in SITE_FACTS} == set(SHOWN)


def test_every_site_field_round_trips_byte_identically(tmp_path):
    ElectiveFactory(slug="stated", **SITE)
    ElectiveFactory(slug="plain")
    first = tmp_path / "first.csv"
    export("-o", str(first))
    assert "'-Testing and HIV PEP" in first.read_text()  # a formula sign, neutralised
    Elective.objects.all().delete()
    Organization.objects.all().delete()
    call_command("import_electives", str(first), stdout=io.StringIO())
    stated = Elective.objects.get(slug="stated")
    assert {name: getattr(stated, name) for name in SITE} == SITE
    plain = Elective.objects.get(slug="plain")
    assert plain.accreditation == "" and plain.total_cost_usd is None
    assert export().encode() == first.read_bytes()


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("accreditation", "iso", 'accreditation must be one of jci, national, none (got "iso")'),
        (
            "evacuation_insurance",
            "maybe",
            "evacuation_insurance must be one of provided, required, not-required",
        ),
        ("duty_hours_week", "200", 'duty_hours_week must be at most 168 (got "200")'),
        ("total_cost_usd", "lots", 'total_cost_usd must be a whole number (got "lots")'),
        ("emergency_contact", "line one\nline two", "emergency_contact must be on one line"),
    ],
)
def test_a_bad_site_cell_is_a_row_error(run_import, column, value, message):
    ok, _, err = run_import(make_csv({column: value}))
    assert not ok
    assert message in err
    assert not Elective.objects.exists()


def test_the_json_gives_the_site_fields_typed(client):
    PublishedElectiveFactory(slug="stated", **SITE)
    PublishedElectiveFactory(slug="plain")
    results = {r["slug"]: r for r in client.get("/api/electives/").json()["results"]}
    stated, plain = results["stated"], results["plain"]
    assert {name: stated[name] for name in SITE} == {
        **{name: str(value) for name, value in SITE.items()},
        "duty_hours_week": 55,
        "total_cost_usd": 3200,
        "disability_insurance": None,  # a choice not stated is null, not ""
    }
    assert plain["accreditation"] is None and plain["health_insurance"] is None
    assert plain["duty_hours_week"] is None and plain["total_cost_usd"] is None
    assert plain["exposure_plan"] == ""


def test_the_detail_page_compare_and_packet_word_each_site_fact(client):
    PublishedElectiveFactory(slug="stated", **SITE)
    PublishedElectiveFactory(slug="plain")
    for url in ["/electives/stated/", "/electives/stated/approval/"]:
        facts = facts_in(client.get(url).content)
        for label, shown in SHOWN.items():
            assert shown in facts[label], (url, label)
    plain = facts_in(client.get("/electives/plain/approval/").content)
    assert all(plain[label] == "Not stated" for label in SHOWN)
    rows = {
        row.label: [value["text"] for value in row.values]
        for row in client.get("/compare/?e=stated,plain").context["rows"]
    }
    for label, shown in SHOWN.items():
        assert shown in rows[label][0] and rows[label][1] == "Not stated", label


def test_a_national_accreditation_names_its_body(client):
    PublishedElectiveFactory(
        slug="national", accreditation=Accreditation.NATIONAL, accrediting_body="COHSASA"
    )
    facts = facts_in(client.get("/electives/national/").content)
    assert facts["Accredited hospital"] == "Accredited by a national body (COHSASA)"


def test_the_verify_page_shows_the_sponsor_its_site_facts(client):
    elective = PublishedElectiveFactory(slug="stated", **SITE)
    request = VerificationRequest.objects.create(
        organization=elective.organization, email="sponsor@example.org"
    )
    request.electives.set([elective])
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Electives office, +254 700 000 001, day and night" in page
    assert "About 55 hours a week" in page


def test_the_packet_puts_reported_costs_and_the_residents_share_beside_the_estimate(client):
    elective = PublishedElectiveFactory(slug="stated", **SITE)
    PublishedDebriefFactory(elective=elective, total_cost_usd=2400)
    PublishedDebriefFactory(elective=elective, total_cost_usd=3600)
    page = client.get("/electives/stated/approval/").content.decode()
    facts = facts_in(page.encode())
    assert "reported total cost $2,400–$3,600" in facts["What residents reported"]
    assert "Your share of the estimated cost" not in facts
    # The program pays part: the resident's share of the host's estimate.
    mine = facts_in(client.get("/electives/stated/approval/?program_pays=1000").content)
    assert mine["Your share of the estimated cost"].startswith("$2,200 (USD)")
