import csv
import io

import pytest
from django.core.management import CommandError, call_command

from electives.csv import COLUMNS
from electives.models import Elective, Organization, Status
from tests.factories import ElectiveFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

GOOD_ROW = {
    "slug": "",
    "title": "Community Vaccination Outreach in Gulu",
    "category": "community-health",
    "organization": "Northfield Health Partners",
    "country": "ug",
    "city": "Gulu",
    "specialties": "pediatrics;family-medicine",
    "pgy_min": "2",
    "pgy_max": "",
    "weeks_min": "4",
    "weeks_max": "6",
    "cost_usd": "0",
    "housing": "yes",
    "languages": "lg",
    "deadline": "2027-03-01",
    "url": "https://example.org/gulu",
    "contact_email": "gulu@example.org",
    "summary": "Vaccination days in outlying villages.",
    "description": "One paragraph of *Markdown*.",
    "status": "published",
    "last_verified": "2026-10-01",
    "scope": "hands-on",
    "supervision": "A family physician on site every day.",
    "malpractice": "The host hospital's policy covers visiting residents.",
    "fee_includes": "Housing and meals.",
    "requirements": "Hepatitis B immunity.",
    "emergency_support": "yes",
    "partner_since": "2014",
    "credit_granted": "no",
    "letter_of_agreement": "yes",
    "supervisor": "Dr. R. Nakato, MBChB, MMed (Paediatrics)",
    "evaluation_returned": "no",
    "site_address": "Gulu Regional Referral Hospital, Gulu, Uganda",
    "site_contact_name": "Ruth Nakato",
    "site_contact_title": "Head of paediatrics",
    "site_contact_email": "paeds@example.org",
    "lead_time_weeks": "16",
    "malpractice_cost": "USD 150 a month, paid by the resident.",
    # What program directors and boards also ask (electives.site_facts).
    "supervisor_credentials": "MMed (Paediatrics), registered with the national council",
    "supervision_frequency": "Daily on ward rounds",
    "evaluation_details": "The program's own form, within two weeks of the end",
    "accreditation": "jci",
    "accrediting_body": "Joint Commission International",
    "duty_hours_week": "55",
    "call_schedule": "One night in four, in house",
    "evacuation_insurance": "required",
    "health_insurance": "provided",
    "disability_insurance": "not-required",
    "exposure_plan": "Testing and HIV PEP at the staff clinic within two hours",
    "emergency_contact": "Electives office, +256 700 000 001, answered day and night",
    "total_cost_usd": "3200",
    "total_cost_notes": "Fee $0, housing $600, a typical flight $2,400, visa $200",
}
# The first 21 columns only: a file written before the richer fields (still valid).
BASIC_COLUMNS = COLUMNS[: COLUMNS.index("last_verified") + 1]


def make_csv(*rows, columns=COLUMNS):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**GOOD_ROW, **row})
    return out.getvalue()


def test_good_file_imports_every_field(run_import):
    first = {"description": "Line one\nline two"}
    ok, out, err = run_import(make_csv(first, {"title": "Research in Kampala", "slug": "kla"}))
    assert ok, err
    assert "2 elective(s) were created and 0 were updated" in out
    elective = Elective.objects.get(slug="community-vaccination-outreach-in-gulu")
    assert elective.country.code == "UG"
    assert elective.organization.name == "Northfield Health Partners"
    assert sorted(s.slug for s in elective.specialties.all()) == ["family-medicine", "pediatrics"]
    assert [lang.code for lang in elective.languages.all()] == ["lg"]
    assert (elective.pgy_min, elective.pgy_max) == (2, None)
    assert elective.cost_usd == 0 and elective.housing is True
    assert str(elective.deadline) == "2027-03-01"
    assert elective.description == "Line one\nline two"
    assert elective.status == Status.PUBLISHED and elective.published_at is not None
    assert Elective.objects.filter(slug="kla").exists()
    assert Organization.objects.count() == 1


def test_row_with_an_existing_slug_updates_it(run_import):
    ElectiveFactory(slug="gulu", title="Old title", organization=OrganizationFactory())
    ok, out, err = run_import(make_csv({"slug": "gulu", "title": "New title"}))
    assert ok, err
    assert "0 elective(s) were created and 1 were updated" in out
    assert Elective.objects.get(slug="gulu").title == "New title"
    assert Elective.objects.count() == 1


def test_empty_status_means_draft_and_empty_cells_mean_unknown(run_import):
    ok, _, err = run_import(
        make_csv(
            {
                "status": "",
                "cost_usd": "",
                "deadline": "",
                "specialties": "",
                "languages": "",
                "housing": "no",
            }
        )
    )
    assert ok, err
    elective = Elective.objects.get()
    assert elective.status == Status.DRAFT
    assert elective.cost_usd is None and elective.deadline is None
    assert not elective.specialties.exists() and not elective.languages.exists()


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"country": "ZZ"}, 'country must be a two-letter ISO 3166-1 code such as KE (got "ZZ")'),
        (
            {"specialties": "pediatrics;astrology"},
            'specialties: "astrology" is not a known specialty',
        ),
        ({"languages": "xx"}, 'languages: "xx" is not an ISO 639-1 code'),
        ({"weeks_min": "8", "weeks_max": "4"}, "weeks_max: The longest stay must be at least"),
        ({"pgy_min": "5", "pgy_max": "2"}, "pgy_max: The highest PGY must be at least"),
        ({"pgy_min": "9"}, 'pgy_min must be at most 8 (got "9")'),
        ({"url": "javascript:alert(1)"}, "url must be a web address starting with https://"),
        ({"url": "ftp://example.org/x"}, 'http:// (got "ftp://example.org/x")'),
        ({"url": "example.org/x"}, 'http:// (got "example.org/x")'),
        (
            {"deadline": "01/03/2027"},
            'deadline must be a date written YYYY-MM-DD (got "01/03/2027")',
        ),
        ({"last_verified": "2026-13-01"}, "last_verified must be a date written YYYY-MM-DD (got"),
        (
            {"status": "live"},
            'status must be one of draft, in-review, published, archived (got "live")',
        ),
        ({"category": "holiday"}, "category must be one of clinical, community-health, research"),
        ({"housing": "maybe"}, 'housing must be yes or no (got "maybe")'),
        ({"cost_usd": "-5"}, 'cost_usd must be at least 0 (got "-5")'),
        ({"weeks_min": "four"}, 'weeks_min must be a whole number (got "four")'),
        ({"weeks_min": ""}, "weeks_min is required"),
        ({"title": ""}, "title is required"),
        ({"contact_email": "not-an-address"}, 'contact_email must be an e-mail address (got "not'),
        # The richer columns, judged by the same model rules.
        ({"scope": "hands on"}, "scope must be one of hands-on, observership, research-only (got"),
        ({"emergency_support": "Y"}, 'emergency_support must be yes or no (got "Y")'),
        ({"credit_granted": "maybe"}, 'credit_granted must be yes or no (got "maybe")'),
        ({"partner_since": "1800"}, 'partner_since must be at least 1900 (got "1800")'),
        ({"partner_since": "soon"}, 'partner_since must be a whole number (got "soon")'),
        # Rules the database would otherwise enforce only when writing (issue 9, defect 7).
        ({"cost_usd": "2147483648"}, 'cost_usd must be at most 2147483647 (got "2147483648")'),
        (
            {"contact_email": "a" * 243 + "@example.org"},
            "contact_email must be at most 254 characters (it has 255)",
        ),
        ({"title": "x" * 201}, "title must be at most 200 characters (it has 201)"),
        ({"organization": "x" * 201}, "organization must be at most 200 characters (it has 201)"),
        ({"organization": ""}, "organization is required"),
    ],
)
def test_each_bad_row_is_reported_by_line_and_nothing_is_imported(run_import, bad, reason):
    text = make_csv({"title": "Fine row"}, bad, {"title": "Another fine row"})
    for args in [("--dry-run",), ()]:
        ok, _, err = run_import(text, *args)
        assert not ok
        assert "row 3 (line 3): " in err
        assert reason in err
        assert "nothing was imported" in err
    assert not Elective.objects.exists()
    assert not Organization.objects.exists()


def test_the_largest_fee_the_database_holds_is_accepted(run_import):
    ok, _, err = run_import(make_csv({"cost_usd": "2147483647"}))
    assert ok, err
    assert Elective.objects.get().cost_usd == 2147483647


@pytest.mark.parametrize("column", COLUMNS)
def test_a_nul_byte_in_any_cell_is_a_line_error(run_import, column):
    row = {column: (GOOD_ROW[column] or "x") + "\x00"}
    text = make_csv({"title": "Fine row"}, {"title": "Second fine row"}, row)
    for args in [("--dry-run",), ()]:
        ok, _, err = run_import(text, *args)
        assert not ok
        assert f"row 4 (line 4): {column}: contains a NUL character" in err
    assert not Elective.objects.exists()


def test_a_cell_over_128_kb_is_a_line_error(run_import):
    text = make_csv({}, {"title": "Second"}, {"description": "x" * 140_000}, {"title": "Last"})
    for args in [("--dry-run",), ()]:
        ok, _, err = run_import(text, *args)
        assert not ok
        assert "row 4 (line 4): a cell is longer than 131,072 characters" in err
    assert not Elective.objects.exists()


def test_a_long_description_under_the_limit_imports(run_import):
    ok, _, err = run_import(make_csv({"description": "x" * 130_000}))
    assert ok, err
    assert len(Elective.objects.get().description) == 130_000


def test_every_bad_row_is_listed(run_import):
    ok, _, err = run_import(make_csv({"country": "ZZ"}, {}, {"weeks_min": "x"}))
    assert not ok
    assert "row 2 (line 2): country" in err
    assert "row 4 (line 4): weeks_min" in err
    assert "line 3" not in err


def test_rows_count_as_a_spreadsheet_does_with_the_file_line_beside(run_import):
    text = make_csv({"description": "one\ntwo\nthree"}, {"country": "ZZ"})
    ok, _, err = run_import(text)
    assert not ok
    assert "row 3 (line 5): country" in err


def test_a_blank_row_counts_as_a_row(run_import):
    good, bad = make_csv({}).splitlines()[1], make_csv({"country": "ZZ"}).splitlines()[1]
    header = ",".join(COLUMNS)
    ok, _, err = run_import("\r\n".join([header, good, "", bad]))
    assert not ok
    assert "row 4 (line 4): country" in err


def test_every_problem_of_a_row_is_told_in_one_pass(run_import):
    text = make_csv(
        {"country": "ZZ", "pgy_min": "4", "pgy_max": "2", "weeks_min": "8", "weeks_max": "4"},
        {"housing": "maybe", "weeks_min": "x", "weeks_max": "4", "pgy_min": "3", "pgy_max": "1"},
    )
    ok, _, err = run_import(text)
    assert not ok
    first, second = err.splitlines()[:2]
    assert first.startswith("row 2 (line 2): ")
    for problem in ("country must be", "highest PGY must be at least", "longest stay must be"):
        assert problem in first
    assert second.startswith("row 3 (line 3): ")
    for problem in ("housing must be yes or no", "weeks_min must be a whole number", "PGY"):
        assert problem in second


def test_duplicate_slugs_in_one_file_are_refused(run_import):
    ok, _, err = run_import(make_csv({"slug": "same"}, {"slug": "same"}))
    assert not ok
    assert 'row 3 (line 3): slug "same" is also on row 2 (line 2)' in err


def test_missing_and_unknown_columns_are_refused(run_import):
    columns = [c for c in COLUMNS if c != "url"] + ["notes"]
    text = "\r\n".join([",".join(columns), ",".join("x" for _ in columns)])
    ok, _, err = run_import(text)
    assert not ok
    assert "row 1 (line 1): missing column url; unknown column 'notes'" in err


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(make_csv({"city": "León"}).encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("import_electives", str(path), stderr=io.StringIO())
    assert not Elective.objects.exists()


def test_excel_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(make_csv({}).encode("utf-8-sig"))
    call_command("import_electives", str(path), stdout=io.StringIO())
    assert Elective.objects.count() == 1


def test_dry_run_writes_nothing(run_import):
    ok, out, err = run_import(make_csv({}, {"title": "Second"}), "--dry-run")
    assert ok, err
    assert "2 elective(s) would be created and 0 would be updated" in out
    assert not Elective.objects.exists()
    assert not Organization.objects.exists()


def test_dry_run_still_reports_bad_rows(run_import):
    ok, _, err = run_import(make_csv({"country": "ZZ"}), "--dry-run")
    assert not ok
    assert (
        'row 2 (line 2): country must be a two-letter ISO 3166-1 code such as KE (got "ZZ")' in err
    )


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_electives", str(tmp_path / "nope.csv"))


def test_formula_cells_are_restored_on_import(run_import):
    ok, _, err = run_import(make_csv({"summary": '\'=HYPERLINK("x")', "city": "'-Minus"}))
    assert ok, err
    elective = Elective.objects.get()
    assert elective.summary == '=HYPERLINK("x")'
    assert elective.city == "-Minus"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_restored_on_import(run_import, start):
    # Multi-line columns: a tab or a line break has no place in a one-line one (summary).
    formula = f'{start}HYPERLINK("http://evil.example")'
    ok, _, err = run_import(make_csv({"supervision": f"'{formula}", "description": f"'{formula}"}))
    assert ok, err
    elective = Elective.objects.get()
    assert elective.supervision == formula
    assert elective.description == formula


def test_a_leading_quote_without_formula_is_kept(run_import):
    ok, _, err = run_import(make_csv({"summary": "'Tis the season"}))
    assert ok, err
    assert Elective.objects.get().summary == "'Tis the season"
