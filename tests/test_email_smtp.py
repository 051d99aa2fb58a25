"""One message through a real SMTP server on loopback (aiosmtpd), read back as received."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from residents.models import ProblemReport
from tests.factories import PublishedElectiveFactory

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    # aiosmtpd's start-up self-check cannot follow port 0: ask the system for a free port.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.CURATOR_EMAILS = ["gme@example.org"]
    settings.DEFAULT_FROM_EMAIL = "electives@example.org"
    yield inbox
    controller.stop()


def test_a_report_reaches_the_curators_through_smtp(
    client, smtp, django_capture_on_commit_callbacks
):
    PublishedElectiveFactory(slug="kisumu", title="Kisumu Wards")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/electives/kisumu/report/",
            {"kind": "outdated", "message": "The fee is now $900 — not $500."},
        )
    assert response.status_code == 200
    assert ProblemReport.objects.count() == 1

    (envelope,) = smtp.messages
    assert envelope.mail_from == "electives@example.org"
    assert envelope.rcpt_tos == ["gme@example.org"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Problem report: Outdated information on Kisumu Wards"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "The fee is now $900 — not $500." in text
    assert "The fee is now $900 — not $500." in html
    assert "http://127.0.0.1:8000/electives/kisumu/" in html
