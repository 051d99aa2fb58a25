import csv
import io

import pytest
from django.core.management import call_command

from electives.csv import COLUMNS
from electives.models import Language, Specialty, Status
from tests.factories import ElectiveFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def export(*args):
    out = io.StringIO()
    call_command("export_electives", *args, stdout=out)
    return out.getvalue()


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def varied_electives():
    sponsor = OrganizationFactory(name="Harborview Health Partners")
    ElectiveFactory(
        slug="b-research",
        title="Malaria research",
        category="research",
        organization=sponsor,
        country="MW",
        specialties=list(Specialty.objects.filter(slug__in=["pediatrics", "internal-medicine"])),
        languages=list(Language.objects.filter(code__in=["ny", "fr"])),
        pgy_min=2,
        pgy_max=4,
        cost_usd=None,
        housing=False,
        deadline=None,
        status=Status.PUBLISHED,
        summary="=1+2 looks like a formula",
        description='He said "hi",\nthen left; @mention -minus +plus',
        last_verified=None,
    )
    ElectiveFactory(
        slug="a-clinical",
        title="Surgery, Moshi",
        country="TZ",
        status=Status.DRAFT,
        city="@home",
        cost_usd=0,
    )
    ElectiveFactory(slug="c-archived", status=Status.ARCHIVED, summary="'=already quoted")
    ElectiveFactory(
        slug="d-tab",
        supervision="\r=1+2 after a carriage return",
        description='\t=HYPERLINK("http://evil.example")',
    )


def test_export_has_the_spec_columns_in_slug_order(varied_electives):
    text = export()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    slugs = [row["slug"] for row in rows(text)]
    assert slugs == ["a-clinical", "b-research", "c-archived", "d-tab"]


def test_export_formats_each_kind_of_value(varied_electives):
    row = {r["slug"]: r for r in rows(export())}["b-research"]
    assert row["specialties"] == "internal-medicine;pediatrics"
    assert row["languages"] == "fr;ny"
    assert row["housing"] == "no"
    assert row["cost_usd"] == "" and row["deadline"] == "" and row["last_verified"] == ""
    assert row["pgy_min"] == "2" and row["pgy_max"] == "4"
    assert row["organization"] == "Harborview Health Partners"
    assert row["country"] == "MW"
    assert row["status"] == "published"


def test_export_neutralises_formulas(varied_electives):
    by_slug = {r["slug"]: r for r in rows(export())}
    assert by_slug["b-research"]["summary"] == "'=1+2 looks like a formula"
    assert by_slug["a-clinical"]["city"] == "'@home"
    assert by_slug["c-archived"]["summary"] == "''=already quoted"
    assert by_slug["b-research"]["description"].startswith("He said")
    assert by_slug["d-tab"]["description"] == '\'\t=HYPERLINK("http://evil.example")'
    assert by_slug["d-tab"]["supervision"] == "'\r=1+2 after a carriage return"


def test_status_option_narrows_the_export(varied_electives):
    assert [row["slug"] for row in rows(export("--status", "published"))] == ["b-research"]


def test_output_option_writes_a_file(varied_electives, tmp_path):
    path = tmp_path / "out.csv"
    export("-o", str(path))
    assert path.read_bytes().decode("utf-8") == export()


def test_export_import_export_is_byte_identical(varied_electives, tmp_path):
    first = tmp_path / "first.csv"
    export("-o", str(first))
    # Import into an empty directory (the same database, emptied), then export again.
    from electives.models import Elective, Organization

    Elective.objects.all().delete()
    Organization.objects.all().delete()
    call_command("import_electives", str(first), stdout=io.StringIO())
    second = tmp_path / "second.csv"
    export("-o", str(second))
    assert second.read_bytes() == first.read_bytes()


def test_reimporting_an_export_updates_in_place(varied_electives, tmp_path):
    path = tmp_path / "all.csv"
    export("-o", str(path))
    out = io.StringIO()
    call_command("import_electives", str(path), stdout=out)
    assert "0 elective(s) were created and 4 were updated" in out.getvalue()
    assert export().encode() == path.read_bytes()
