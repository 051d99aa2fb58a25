"""Issue 17's probe: NUL bytes in slugs and tokens, extreme plan dates and line breaks in
single-line fields each gave a 500. Each is refused with a message (400 or 404) instead,
and calendars built from text stored earlier still work."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from electives.models import Elective
from residents.models import Suggestion
from tests.factories import (
    AlertFactory,
    CuratorFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
)
from tests.test_csv_import import make_csv
from tests.test_suggest import VALID

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/compare/?e=%00,{slug}",
        "/shortlist/?e=%00",
        "/shortlist/export.csv?e=%00",
        "/shortlist/deadlines.ics?e={slug},a%00b",
    ],
)
def test_a_nul_in_a_shared_list_is_refused_with_a_reason(client, url):
    elective = PublishedElectiveFactory()
    response = client.get(url.format(slug=elective.slug))
    assert response.status_code == 400
    assert "is not an elective's address" in unescape(response.content.decode())


def test_saving_a_nul_slug_is_refused(client):
    response = client.post("/shortlist/", {"slug": "\x00", "action": "add"})
    assert response.status_code == 400
    assert "is not an elective's address" in unescape(response.content.decode())
    assert "shortlist" not in response.cookies or not response.cookies["shortlist"].value


@pytest.mark.parametrize("suffix", ["", "confirm/", "unsubscribe/"])
def test_a_nul_in_an_alert_token_finds_nothing(client, suffix):
    AlertFactory()
    assert client.get(f"/alerts/%00/{suffix}").status_code == 404
    assert client.post(f"/alerts/a%00b/{suffix}").status_code == 404


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31", "1999-01-01", "2099-01-01"])
@pytest.mark.parametrize("page", ["plan", "plan-ics"])
def test_a_start_date_outside_the_window_is_a_form_error(client, start, page):
    elective = PublishedElectiveFactory()
    response = client.get(reverse(f"residents:{page}", args=[elective.slug]), {"start": start})
    assert response.status_code == 400
    assert "Choose a start date from" in response.content.decode()


def test_a_start_date_inside_the_window_is_planned(client):
    elective = PublishedElectiveFactory()
    start = timezone.localdate() + datetime.timedelta(days=4 * 365)
    response = client.get(f"/electives/{elective.slug}/plan.ics", {"start": start.isoformat()})
    assert response.status_code == 200


@pytest.mark.parametrize("field", ["title", "city", "organization_name", "submitter_name"])
@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\u2028", "\x0b"])
def test_a_suggestion_refuses_line_breaks_in_single_line_fields(
    client, django_capture_on_commit_callbacks, field, line_break
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/suggest/", {**VALID, field: f"A{line_break}B"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep this on one line: remove line breaks and control characters." in page
    assert not Suggestion.objects.exists() and mail.outbox == []


def test_the_admin_refuses_a_line_break_in_a_title(client):
    client.force_login(CuratorFactory())
    elective = PublishedElectiveFactory()
    response = client.get(reverse("admin:electives_elective_change", args=[elective.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title="A\r\nB", specialties=[], languages=[])
    response = client.post(reverse("admin:electives_elective_change", args=[elective.pk]), data)
    assert response.status_code == 200
    assert "Keep this on one line" in response.content.decode()
    elective.refresh_from_db()
    assert "\n" not in elective.title


@pytest.mark.parametrize("column", ["title", "city", "summary", "organization"])
def test_the_csv_import_refuses_a_line_break_in_a_single_line_column(run_import, column):
    ok, _, err = run_import(make_csv({"title": "Fine row"}, {column: "A\nB"}))
    assert not ok
    assert f"row 3 (line 3): {column} must be on one line" in err
    assert not Elective.objects.exists()


def test_calendars_fold_line_breaks_stored_before_the_rule(client):
    elective = PublishedElectiveFactory(deadline=timezone.localdate())
    # As stored before validate_single_line: update() runs no validation.
    Elective.objects.filter(pk=elective.pk).update(title="A\r\nB")
    elective.organization.__class__.objects.filter(pk=elective.organization.pk).update(
        name="O\r\nP"
    )
    start = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    for url in [
        f"/electives/{elective.slug}/deadline.ics",
        f"/electives/{elective.slug}/plan.ics?start={start}",
        f"/shortlist/deadlines.ics?e={elective.slug}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "A B" in text
        assert "\r\nB\r\n" not in text


def test_an_organization_name_with_a_line_break_is_refused_in_the_admin(client):
    client.force_login(CuratorFactory())
    organization = OrganizationFactory()
    url = reverse("admin:electives_organization_change", args=[organization.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(name="Sponsor\r\nSecond line", editors=[])
    response = client.post(url, data)
    assert "Keep this on one line" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "electives/elective/a%00b/history/",
        "electives/elective/a%00b/change/",
        "electives/language/a%00b/change/",
    ],
)
def test_an_admin_object_id_with_a_nul_is_not_found(client, path):
    client.force_login(CuratorFactory(is_superuser=True))
    response = client.get(f"/admin/{path}")
    assert response.status_code == 302  # back to the list, "doesn't exist" (Django's way)


@pytest.mark.parametrize("organization", ["x", "a\x00b", "99999999999999999999"])
def test_the_admin_add_form_ignores_a_bad_preselected_sponsor(client, organization):
    client.force_login(CuratorFactory())
    response = client.get("/admin/electives/elective/add/", {"organization": organization})
    assert response.status_code == 200


def test_a_login_with_an_over_long_username_is_refused(client):
    response = client.post("/admin/login/", {"username": "x" * 3000, "password": "y"})
    assert response.status_code == 200
    assert "<title>Error: Log in" in response.content.decode()
