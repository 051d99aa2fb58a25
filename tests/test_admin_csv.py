import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from electives.admin import ADMIN_IMPORT_MAX_ROWS
from electives.models import Elective
from tests.factories import CuratorFactory, ElectiveFactory, UserFactory
from tests.test_csv_import import make_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def upload(client, text, dry_run):
    data = {"file": SimpleUploadedFile("e.csv", text.encode(), content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("admin:electives_elective_import"), data, follow=True)


def test_changelist_links_to_import_and_export(curator_client):
    response = curator_client.get(reverse("admin:electives_elective_changelist"))
    assert reverse("admin:electives_elective_import") in response.text
    assert reverse("admin:electives_elective_export") in response.text


def test_admin_import_checks_then_imports(curator_client):
    text = make_csv({}, {"title": "Second"})
    response = upload(curator_client, text, dry_run=True)
    assert "2 elective(s) would be created" in response.text
    assert not Elective.objects.exists()
    response = upload(curator_client, text, dry_run=False)
    assert "Imported: 2 created, 0 updated." in response.text
    assert Elective.objects.count() == 2


def test_admin_import_lists_bad_rows_and_imports_nothing(curator_client):
    response = upload(curator_client, make_csv({}, {"country": "ZZ"}), dry_run=False)
    assert "Nothing was imported" in response.text
    assert "line 3: country: Value &#x27;ZZ&#x27; is not a valid choice." in response.text
    assert not Elective.objects.exists()


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"cost_usd": "2147483648"}, "line 3: cost_usd: Ensure this value is less than or equal"),
        ({"contact_email": "a" * 243 + "@example.org"}, "line 3: contact_email: Ensure this"),
        ({"city": "Gulu\x00"}, "line 3: city: contains a NUL character"),
        ({"description": "x" * 140_000}, "line 3: a cell is longer than 131,072 characters"),
    ],
)
def test_admin_import_reports_cells_the_database_would_refuse(curator_client, bad, reason):
    for dry_run in (True, False):
        response = upload(curator_client, make_csv({}, bad), dry_run=dry_run)
        assert "Nothing was imported" in response.text
        assert reason in response.text
    assert not Elective.objects.exists()


def test_admin_import_sends_big_files_to_the_command(curator_client):
    response = upload(curator_client, make_csv(*[{}] * (ADMIN_IMPORT_MAX_ROWS + 1)), False)
    assert "Nothing was imported" in response.text
    line = ADMIN_IMPORT_MAX_ROWS + 2
    assert f"line {line}: the admin imports at most 2,000 rows" in response.text
    assert "python manage.py import_electives FILE.csv" in response.text
    assert not Elective.objects.exists()


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
    assert client.get(reverse("admin:electives_elective_import")).status_code == 403
