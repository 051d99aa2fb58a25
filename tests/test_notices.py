"""Whatever the curators are told is also listed in the admin, e-mailed or not."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from mail.models import Notice
from residents.models import ProblemReport
from tests.factories import CuratorFactory, PublishedElectiveFactory, SponsorEditorFactory

pytestmark = pytest.mark.django_db

NOTICES = reverse("admin:mail_notice_changelist")


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def report(client, capture):
    with capture(execute=True):
        return client.post(
            "/electives/kisumu/report/",
            {"kind": "broken-link", "message": "The link answers 404", "website": ""},
        )


def unread_count(client):
    page = client.get(reverse("admin:index")).text
    return int(re.search(r">Unread notices</a></th>\s*<td>(\d+)</td>", page).group(1))


def test_with_mail_off_a_report_is_listed_linked_and_counted(
    client, curator_client, settings, django_capture_on_commit_callbacks
):
    settings.CURATOR_EMAILS = []
    PublishedElectiveFactory(slug="kisumu", title="Kisumu Wards")
    assert report(client.__class__(), django_capture_on_commit_callbacks).status_code == 200
    assert mail.outbox == []

    notice = Notice.objects.get()
    listing = curator_client.get(NOTICES).text
    assert "Kisumu Wards" in listing and "Broken link" in listing
    report_page = reverse(
        "admin:residents_problemreport_change", args=[ProblemReport.objects.get().pk]
    )
    assert notice.url == report_page and f'href="{report_page}"' in listing
    assert curator_client.get(notice.url).status_code == 200
    assert unread_count(curator_client) == 1

    curator_client.post(NOTICES, {"action": "mark_read", "_selected_action": [notice.pk]})
    assert unread_count(curator_client) == 0
    unread = curator_client.get(NOTICES, {"read_at__isempty": "1"}).text
    assert "Kisumu Wards" not in unread


def test_a_debrief_request_is_a_notice_too(client, settings, django_capture_on_commit_callbacks):
    settings.CURATOR_EMAILS = ["gme@example.org"]
    PublishedElectiveFactory(slug="moshi", title="Surgery in Moshi")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/electives/moshi/debrief/", {"email": "kofi@example.org", "note": "June"})
    [notice] = Notice.objects.all()
    assert notice.template == "debrief_requested" and "Surgery in Moshi" in notice.what
    assert "/admin/debriefs/debrieflink/" in notice.url
    assert len(mail.outbox) == 1  # and e-mailed, as before


def test_sponsor_editors_see_no_notices(client):
    client.force_login(SponsorEditorFactory())
    assert client.get(NOTICES).status_code == 403
