"""An import records each created and changed elective in its history, like an admin edit."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from electives.models import Elective, Specialty
from tests.admin_forms import elective_form_data
from tests.factories import CuratorFactory, ElectiveFactory, OrganizationFactory
from tests.test_csv_import import make_csv
from web.conflicts import SEEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def sponsor():
    return OrganizationFactory(name="Northfield Health Partners")


def test_an_imported_change_shows_in_the_admin_history(client, run_import, sponsor):
    elective = ElectiveFactory(slug="gulu", title="Old title", organization=sponsor, cost_usd=900)
    ok, _, err = run_import(make_csv({"slug": "gulu", "title": "New title", "cost_usd": "0"}))
    assert ok, err
    latest = elective.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        None,
        "CSV import on the server",
    )
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes["title"] == ("Old title", "New title")
    assert changes["cost_usd"] == (900, 0)
    client.force_login(CuratorFactory())
    page = client.get(reverse("admin:electives_elective_history", args=[elective.pk])).text
    assert "CSV import" in page and "Old title" in page and "New title" in page


def test_an_imported_elective_has_a_creation_record_with_its_specialties(run_import, sponsor):
    ok, _, err = run_import(make_csv({"slug": "gulu"}))
    assert ok, err
    [created] = Elective.objects.get(slug="gulu").history.all()
    assert created.history_type == "+"
    assert sorted(s.specialty.slug for s in created.specialties.all()) == [
        "family-medicine",
        "pediatrics",
    ]
    assert [lang.language_id for lang in created.languages.all()] == ["lg"]


def test_an_imported_change_can_be_reverted_in_the_admin(client, run_import, sponsor):
    surgery = Specialty.objects.get(slug="surgery")
    elective = ElectiveFactory(
        slug="gulu", title="Old title", organization=sponsor, specialties=[surgery]
    )
    original = elective.history.earliest()
    ok, _, err = run_import(make_csv({"slug": "gulu", "title": "New title"}))
    assert ok, err
    client.force_login(CuratorFactory())
    url = reverse("admin:electives_elective_simple_history", args=[elective.pk, original.pk])
    form = client.get(url)
    assert 'value="Old title"' in form.text
    data = elective_form_data(original.instance, specialties=[surgery.pk])
    response = client.post(url, {**data, SEEN: form.context[SEEN]})
    assert response.status_code == 302
    elective.refresh_from_db()
    assert elective.title == "Old title"
    assert list(elective.specialties.all()) == [surgery]


def test_reimporting_the_same_row_records_nothing_new(run_import, sponsor):
    ok, _, err = run_import(make_csv({"slug": "gulu"}))
    assert ok, err
    elective = Elective.objects.get(slug="gulu")
    updated_at = elective.updated_at
    ok, out, err = run_import(make_csv({"slug": "gulu"}))
    assert ok, err
    assert "0 elective(s) were created and 1 were updated (1 of them unchanged)." in out
    assert elective.history.count() == 1
    elective.refresh_from_db()
    assert elective.updated_at == updated_at


def test_the_admin_import_records_the_curator(client, sponsor):
    curator = CuratorFactory(username="ana")
    client.force_login(curator)
    ElectiveFactory(slug="gulu", organization=sponsor, deadline=datetime.date(2030, 1, 1))
    upload = SimpleUploadedFile("e.csv", make_csv({"slug": "gulu"}).encode())
    preview = client.post(reverse("admin:electives_elective_import"), {"file": upload})
    apply = {"token": preview.context["token"], "apply": "1"}
    client.post(reverse("admin:electives_elective_import"), apply)
    latest = Elective.objects.get(slug="gulu").history.first()
    assert (latest.history_user, latest.history_change_reason) == (curator, "CSV import by ana")
