"""Single-line fields (names, titles, cities, contacts) refuse text-direction controls and
zero-width characters, which can make a name read as something else; calendars and the
advisory import drop them from text stored or received before the rule."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from debriefs.models import Debrief, DebriefLink
from electives.models import Elective, Organization, one_line
from residents.models import Suggestion
from tests.admin_forms import elective_form_data
from tests.factories import CuratorFactory, PublishedElectiveFactory
from tests.test_csv_import import make_csv
from tests.test_debriefs import ANSWERS
from tests.test_suggest import VALID

pytestmark = pytest.mark.django_db

MESSAGE = "Remove the invisible characters"
INVISIBLE = {
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "right-to-left mark": "\u200f",
    "left-to-right mark": "\u200e",
    "Arabic letter mark": "\u061c",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
}
CHARACTERS = pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())


@CHARACTERS
@pytest.mark.parametrize("field", ["title", "city", "organization_name", "submitter_name"])
def test_a_suggestion_refuses_them(client, django_capture_on_commit_callbacks, field, char):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/suggest/", {**VALID, field: f"Mbarara{char}gpj.exe"})
    assert response.status_code == 400
    assert MESSAGE in response.text
    assert "Mbarara" in response.text  # what was typed is kept
    assert not Suggestion.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("field", ["title", "city", "summary", "site_contact_name"])
def test_the_admin_refuses_them(client, field):
    client.force_login(CuratorFactory())
    elective = PublishedElectiveFactory(title="Kisumu Wards")
    url = reverse("admin:electives_elective_change", args=[elective.pk])
    response = client.post(url, elective_form_data(elective, **{field: "Kisumu\u202eabc"}))
    assert response.status_code == 200
    assert MESSAGE in str(response.context["adminform"].form.errors[field])
    elective.refresh_from_db()
    assert "\u202e" not in getattr(elective, field)


def test_the_admin_refuses_them_in_a_sponsors_name_and_contact(client):
    client.force_login(CuratorFactory())
    url = reverse("admin:electives_organization_add")
    response = client.post(url, {"name": "Lake\u200bside", "kind": "ngo", "contact": "A\u2066B"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert MESSAGE in str(errors["name"]) and MESSAGE in str(errors["contact"])
    assert not Organization.objects.exists()


@pytest.mark.parametrize("column", ["title", "city", "organization"])
def test_the_csv_import_refuses_them(run_import, column):
    ok, _, err = run_import(make_csv({"title": "Fine row"}, {column: "Gulu\u200fCity"}))
    assert not ok
    assert f"row 3 (line 3): {column}: {MESSAGE}" in err
    assert not Elective.objects.exists()


def test_a_debrief_refuses_them_in_the_supervisor(client):
    elective = PublishedElectiveFactory()
    link = DebriefLink.objects.create(
        elective=elective, email="a@example.org", sent_at=timezone.now()
    )
    from electives.models import Specialty

    answers = {**ANSWERS, "specialty": Specialty.objects.get(slug="surgery").pk}
    response = client.post(f"/debrief/{link.token}/", {**answers, "supervisor": "Dr \u202eevil"})
    assert response.status_code == 400
    assert MESSAGE in response.text
    assert not Debrief.objects.exists()


def test_calendars_drop_them_from_text_stored_before_the_rule(client):
    elective = PublishedElectiveFactory(deadline=timezone.localdate())
    Elective.objects.filter(pk=elective.pk).update(title="Kisumu\u202e\u200bWards")
    text = client.get(f"/electives/{elective.slug}/deadline.ics").content.decode()
    assert "KisumuWards" in text and "\u202e" not in text and "\u200b" not in text
    assert one_line("A\u2066B\nC") == "AB C"
