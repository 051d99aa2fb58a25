"""One message through a real SMTP server on loopback (aiosmtpd), read back as received."""

import pytest

from residents.models import ProblemReport
from tests import smtp
from tests.factories import PublishedElectiveFactory

pytestmark = pytest.mark.django_db


def test_a_report_reaches_the_curators_through_smtp(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CURATOR_EMAILS = ["gme@example.org"]
    settings.DEFAULT_FROM_EMAIL = "electives@example.org"
    PublishedElectiveFactory(slug="kisumu", title="Kisumu Wards")
    with smtp.accepting(settings) as inbox, django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/electives/kisumu/report/",
            {"kind": "outdated", "message": "The fee is now $900 — not $500."},
        )
    assert response.status_code == 200
    assert ProblemReport.objects.count() == 1

    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "electives@example.org"
    assert envelope.rcpt_tos == ["gme@example.org"]
    (message,) = inbox.messages
    assert message["Subject"] == "Problem report: Outdated information on Kisumu Wards"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "The fee is now $900 — not $500." in text
    assert "The fee is now $900 — not $500." in html
    assert "http://127.0.0.1:8000/electives/kisumu/" in html
    assert "<title>Problem report: Outdated information on Kisumu Wards</title>" in html
