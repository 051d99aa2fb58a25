import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curation.admin.imports import ADMIN_IMPORT_MAX_ROWS
from electives.models import Elective, Organization, Specialty
from tests.factories import (
    CuratorFactory,
    ElectiveFactory,
    OrganizationFactory,
    SpecialtyFactory,
    UserFactory,
)
from tests.test_csv_import import make_csv

pytestmark = pytest.mark.django_db

IMPORT = "admin:electives_elective_import"


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def upload(client, text, **fields):
    data = {"file": SimpleUploadedFile("e.csv", text.encode(), content_type="text/csv"), **fields}
    return client.post(reverse(IMPORT), data)


def apply(client, token):
    return client.post(reverse(IMPORT), {"token": token, "apply": "1"}, follow=True)


def preview_rows(response):
    """(row, what happens, slug, details) of each row of the preview table."""
    return [
        (row.place.row, row.action, row.slug, row.detail or row.changes)
        for row in response.context["result"].rows
    ]


def test_changelist_links_to_import_and_export(curator_client):
    response = curator_client.get(reverse("admin:electives_elective_changelist"))
    assert reverse(IMPORT) in response.text
    assert reverse("admin:electives_elective_export") in response.text


def test_an_upload_shows_each_row_and_imports_nothing(curator_client, run_import):
    ok, _, err = run_import(
        make_csv({"slug": "same", "title": "Same"}, {"slug": "moved", "cost_usd": "900"})
    )
    assert ok, err
    text = make_csv(
        {"slug": "fresh"},
        {"slug": "moved", "cost_usd": "0"},
        {"slug": "same", "title": "Same"},
    )
    response = upload(curator_client, text)
    assert preview_rows(response) == [
        (2, "create", "fresh", ()),
        (3, "update", "moved", (("cost_usd", "900", "0"),)),
        (4, "unchanged", "same", ()),
    ]
    page = response.text
    assert "would create 1 elective(s), update 1 and leave 1 unchanged" in page
    assert "<code>cost_usd</code>: <del>900</del> → <ins>0</ins>" in page
    assert "Apply: import this file" in page
    assert not Elective.objects.filter(slug="fresh").exists()
    assert Elective.objects.get(slug="moved").cost_usd == 900


def test_apply_imports_the_previewed_upload_without_choosing_the_file_again(curator_client):
    response = upload(curator_client, make_csv({}, {"title": "Second"}))
    token = response.context["token"]
    assert f'name="token" value="{token}"' in response.text
    assert not Elective.objects.exists()
    response = apply(curator_client, token)
    assert "Imported: 2 created, 0 updated, 0 unchanged." in response.text
    assert Elective.objects.count() == 2
    # The same preview cannot be applied twice.
    response = apply(curator_client, token)
    assert "That preview is no longer available" in response.text
    assert Elective.objects.count() == 2


def test_another_curator_cannot_apply_someone_elses_upload(curator_client, client):
    token = upload(curator_client, make_csv({})).context["token"]
    client.force_login(CuratorFactory())
    assert "That preview is no longer available" in apply(client, token).text
    assert "That preview is no longer available" in apply(client, "x" * 30).text
    assert "That preview is no longer available" in apply(client, "../../etc").text
    assert not Elective.objects.exists()


def test_apply_checks_the_rows_again(curator_client):
    SpecialtyFactory(name="Tropical Medicine", slug="tropical-medicine")
    token = upload(curator_client, make_csv({"specialties": "tropical-medicine"})).context["token"]
    Specialty.objects.filter(slug="tropical-medicine").delete()
    response = apply(curator_client, token)
    assert "Nothing was imported" in response.text
    assert "specialties: &quot;tropical-medicine&quot; is not a known specialty" in response.text
    assert not Elective.objects.exists()


def test_bad_rows_are_refused_in_the_preview_and_nothing_can_be_applied(curator_client):
    response = upload(curator_client, make_csv({}, {"country": "ZZ", "housing": "maybe"}))
    assert "Nothing was imported" in response.text
    assert (
        "row 3 (line 3): country must be a two-letter ISO 3166-1 code such as KE "
        "(got &quot;ZZ&quot;); "
        "housing must be yes or no (got &quot;maybe&quot;)" in response.text
    )
    assert preview_rows(response)[1][:2] == (3, "refuse")
    assert "Apply" not in response.text and response.context["token"] is None
    assert not Elective.objects.exists()


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"cost_usd": "2147483648"}, "row 3 (line 3): cost_usd must be at most 2147483647"),
        (
            {"contact_email": "a" * 243 + "@example.org"},
            "row 3 (line 3): contact_email must be at most",
        ),
        ({"city": "Gulu\x00"}, "row 3 (line 3): city: contains a NUL character"),
        (
            {"description": "x" * 140_000},
            "row 3 (line 3): a cell is longer than 131,072 characters",
        ),
    ],
)
def test_admin_import_reports_cells_the_database_would_refuse(curator_client, bad, reason):
    response = upload(curator_client, make_csv({}, bad))
    assert "Nothing was imported" in response.text
    assert reason in response.text
    assert not Elective.objects.exists()


def test_a_misspelt_sponsor_is_refused_unless_confirmed_as_new(curator_client):
    OrganizationFactory(name="Lakeside Health")
    text = make_csv({"organization": "Lakesid Health"})
    response = upload(curator_client, text)
    assert (
        "row 2 (line 2): organization &quot;Lakesid Health&quot; is not a known sponsor; "
        "did you mean "
        "&quot;Lakeside Health&quot;?"
    ) in response.text
    assert response.context["token"] is None
    response = upload(curator_client, text, create_organizations="on")
    assert "It would create these sponsors: Lakesid Health." in response.text
    apply(curator_client, response.context["token"])
    assert Elective.objects.get().organization.name == "Lakesid Health"
    assert Organization.objects.count() == 2


def test_admin_import_sends_big_files_to_the_command(curator_client):
    response = upload(curator_client, make_csv(*[{}] * (ADMIN_IMPORT_MAX_ROWS + 1)))
    assert "Nothing was imported" in response.text
    line = ADMIN_IMPORT_MAX_ROWS + 2
    assert f"row {line} (line {line}): the admin imports at most 2,000 rows" in response.text
    assert "python manage.py import_electives FILE.csv" in response.text
    assert not Elective.objects.exists()


def test_admin_import_refuses_files_over_its_size_limit(curator_client, settings):
    text = make_csv(*[{"description": "x" * 120_000, "title": f"Row {n}"} for n in range(42)])
    response = upload(curator_client, text)
    assert "The file is larger than 5 MB" in response.text
    assert response.context["result"] is None


def test_the_template_downloads_and_imports_as_it_is(curator_client):
    response = curator_client.get(reverse("admin:electives_elective_import_template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["title"] and row["scope"] == "hands-on"
    preview = upload(curator_client, response.content.decode())
    assert preview_rows(preview) == [(2, "create", "", ())]
    apply(curator_client, preview.context["token"])
    assert Elective.objects.get().title == row["title"]


def test_admin_export_gives_the_same_csv_as_the_command(curator_client):
    ElectiveFactory(slug="b"), ElectiveFactory(slug="a")
    response = curator_client.get(reverse("admin:electives_elective_export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [r["slug"] for r in csv.DictReader(io.StringIO(response.content.decode()))] == ["a", "b"]


def test_export_selected_action(curator_client):
    chosen = ElectiveFactory(slug="chosen")
    ElectiveFactory(slug="other")
    response = curator_client.post(
        reverse("admin:electives_elective_changelist"),
        {"action": "export_selected", "_selected_action": [chosen.pk]},
    )
    assert [r["slug"] for r in csv.DictReader(io.StringIO(response.content.decode()))] == ["chosen"]


def test_staff_without_permissions_cannot_import(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(IMPORT)).status_code == 403
    assert client.get(reverse("admin:electives_elective_import_template")).status_code == 403


def test_the_preview_numbers_rows_as_a_spreadsheet_does_and_lists_every_problem(
    curator_client,
):
    text = make_csv(
        {"description": "First paragraph.\n\nSecond paragraph.\nThird line."},
        {"country": "ZZ", "weeks_min": "8", "weeks_max": "4"},
    )
    response = upload(curator_client, text)
    page = response.text
    # The description spans 4 lines: the second elective is spreadsheet row 3, file line 6.
    assert "row 3 (line 6): country must be a two-letter" in page
    assert "The longest stay must be at least the shortest stay." in page
    assert '<th scope="row">3 <span class="quiet">(line 6)</span></th>' in page
    assert [(row.place.row, row.place.line) for row in response.context["result"].rows] == [
        (2, 2),
        (3, 6),
    ]


def test_an_update_shows_each_changed_field_old_and_new(curator_client, run_import):
    ok, _, err = run_import(make_csv({"slug": "gulu", "title": "Old title", "housing": "no"}))
    assert ok, err
    response = upload(
        curator_client, make_csv({"slug": "gulu", "title": "New <b>title</b>", "housing": "yes"})
    )
    page = response.text
    assert (
        "<code>title</code>: <del>Old title</del> → <ins>New &lt;b&gt;title&lt;/b&gt;</ins>" in page
    )
    assert "<code>housing</code>: <del>no</del> → <ins>yes</ins>" in page
    assert "<code>city</code>" not in page
