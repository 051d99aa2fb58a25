"""Mail is queued with the change it reports and delivered afterwards: a mail server that is
down or slow never turns a saved change into an error, and send_queued_mail delivers what
waits once the server is back, each message once."""

import datetime
import io
import threading
import time

import httpx
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone
from lxml import html

from curation.models import VerificationRequest
from debriefs.models import DebriefLink
from electives import workflow
from electives.models import Elective, Status
from mail.models import OutgoingMail
from mail.outbox import SUBJECT_MAX_LENGTH, safe_subject
from residents.models import Alert, ProblemReport, Suggestion
from tests import smtp
from tests.factories import (
    AlertFactory,
    CuratorFactory,
    DraftElectiveFactory,
    InReviewElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
)
from tests.test_suggest import VALID as SUGGESTION

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def curators(settings):
    settings.CURATOR_EMAILS = ["gme@example.org"]


def command(*args):
    """Run a management command; returns (its output, whether it exited non-zero)."""
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as error:
        return out.getvalue() + str(error), True
    return out.getvalue(), False


def drain(settings):
    """With the mail server back, send_queued_mail sends what waits; a second run sends
    nothing more. Returns the messages received."""
    with smtp.accepting(settings) as inbox:
        output, failed = command("send_queued_mail")
        assert not failed, output
        again, _ = command("send_queued_mail")
    assert "0 e-mail(s) sent" in again
    assert not OutgoingMail.objects.unsent().exists()
    return inbox.messages


def queued(template):
    """The unsent mail of that template, each tried once and its failure kept."""
    mails = list(OutgoingMail.objects.unsent().filter(template=template))
    assert mails and all(m.attempts == 1 and m.last_error for m in mails), mails
    return mails


# --- Public forms ---


def suggest(client):
    return client.post("/suggest/", SUGGESTION)


def report(client):
    PublishedElectiveFactory(slug="kisumu", title="Kisumu Wards")
    return client.post("/electives/kisumu/report/", {"kind": "outdated", "message": "New fee."})


def subscribe(client):
    return client.post("/alerts/", {"email": "res@example.org", "frequency": "daily"})


def ask_for_a_debrief_link(client):
    PublishedElectiveFactory(slug="kisumu", title="Kisumu Wards")
    data = {"email": "went@example.org", "note": "June 2025, four weeks"}
    return client.post("/electives/kisumu/debrief/", data)


@pytest.mark.parametrize(
    ("post", "saved", "templates"),
    [
        (suggest, Suggestion, ["suggestion_received", "suggestion_thanks"]),
        (report, ProblemReport, ["report_received"]),
        (subscribe, Alert, ["alert_confirm"]),
        (ask_for_a_debrief_link, DebriefLink, ["debrief_requested"]),
    ],
)
def test_a_public_form_works_while_the_mail_server_is_down(
    client, settings, caplog, django_capture_on_commit_callbacks, post, saved, templates
):
    smtp.down(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client)
    assert response.status_code == 200
    assert saved.objects.count() == 1
    assert "kept queued" in caplog.text
    mails = OutgoingMail.objects.unsent()
    assert sorted(m.template for m in mails) == templates
    assert len(drain(settings)) == len(templates)


def test_a_slow_mail_server_does_not_hold_the_suggestion_form(
    live_server, settings, transactional_db, postgres
):
    # PostgreSQL: SQLite locks the whole database while the live server writes.
    settings.CURATOR_EMAILS = ["gme@example.org"]
    silent = smtp.Silent()
    smtp.use(settings, silent.port, timeout=3)
    try:
        with httpx.Client(base_url=live_server.url, timeout=20) as browser:
            form = html.fromstring(browser.get("/suggest/").text).forms[-1]
            token = form.fields["csrfmiddlewaretoken"]
            started = time.monotonic()
            response = browser.post(
                "/suggest/",
                data={**SUGGESTION, "csrfmiddlewaretoken": token},
                headers={"Referer": f"{live_server.url}/suggest/"},
            )
            elapsed = time.monotonic() - started
        assert response.status_code == 200, response.text[:500]
        # Before: two e-mails sent one after the other in the request, 2 x EMAIL_TIMEOUT.
        assert elapsed < settings.EMAIL_TIMEOUT, elapsed
        assert Suggestion.objects.count() == 1
        # Delivery is tried after the response, and gives up after EMAIL_TIMEOUT.
        assert silent.connected.wait(10)
        assert silent.hung_up.wait(10)
    finally:
        silent.close()
    with transaction.atomic():
        # Waits for the sender's transaction, without guessing how long it takes.
        (first, second) = OutgoingMail.objects.select_for_update().order_by("pk")
    assert first.attempts == 1 and "timed out" in first.last_error.lower()
    assert second.attempts == 0  # not tried: the server had failed already
    assert {m["Subject"] for m in drain(settings)} == {
        "Suggested elective to review: Trauma Surgery in Mbarara",
        "We received your suggestion: Trauma Surgery in Mbarara",
    }


# --- Curators ---


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def send_back(client, elective, note):
    return client.post(
        reverse("admin:electives_elective_decide", args=[elective.pk]),
        {"decision": "send_back", "note": note},
    )


def test_send_back_works_while_the_mail_server_is_down(
    curator_client, settings, django_capture_on_commit_callbacks
):
    editor = SponsorEditorFactory(email="dr.okafor@example.org")
    elective = DraftElectiveFactory(title="Trauma care in Kano")
    workflow.submit_for_review(elective, CuratorFactory())
    Elective.objects.filter(pk=elective.pk).update(submitted_by=editor)
    smtp.down(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_back(curator_client, elective, "Add the fee.")
    assert response.status_code == 302
    elective.refresh_from_db()
    assert (elective.status, elective.review_note) == (Status.DRAFT, "Add the fee.")
    queued("sent_back")
    (message,) = drain(settings)
    assert message["To"] == "dr.okafor@example.org"
    assert message["Subject"] == "Sent back: Trauma care in Kano"


def test_a_title_with_a_line_break_gives_a_one_line_subject(
    curator_client, settings, django_capture_on_commit_callbacks
):
    elective = InReviewElectiveFactory(title="Trauma care\r\nin Kano\x0b(ICU)")
    elective.submitted_by = SponsorEditorFactory(email="dr.okafor@example.org")
    elective.save()
    with (
        smtp.accepting(settings) as inbox,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = send_back(curator_client, elective, "Add the fee.")
    assert response.status_code == 302
    (message,) = inbox.messages
    assert message["Subject"] == "Sent back: Trauma care in Kano (ICU)"
    assert "Trauma care\r\nin Kano" in message.get_body(("plain",)).get_content()


def test_subjects_are_bounded():
    subject = safe_subject("Surgery " * 100)
    assert len(subject) == SUBJECT_MAX_LENGTH and subject.endswith("…")
    assert safe_subject("a\u2028b\x00c\td") == "a b c d"


TODAY = datetime.date(2026, 6, 15)


def test_request_reverification_retries_its_mail_and_never_asks_twice(settings):
    sponsor = OrganizationFactory(name="Lakeside\r\nHealth", contact="intl@lakeside.example")
    PublishedElectiveFactory(organization=sponsor, last_verified=TODAY.replace(year=2024))
    smtp.down(settings)
    with time_machine.travel(TODAY, tick=False):
        output, failed = command("request_reverification")
    assert failed and "1 new request(s)" in output and "1 failed" in output
    queued("reverification_request")

    with time_machine.travel(TODAY + datetime.timedelta(days=1), tick=False):
        with smtp.accepting(settings) as inbox:
            output, failed = command("request_reverification")
        assert not failed and "0 new request(s)" in output and "1 e-mail(s) sent" in output
        (message,) = inbox.messages
        assert message["Subject"] == "Are your electives still accurate? (Lakeside Health)"
        assert VerificationRequest.objects.count() == 1

        with smtp.accepting(settings) as inbox:
            output, failed = command("request_reverification")
        assert not failed and "0 e-mail(s) sent" in output and inbox.messages == []
    assert VerificationRequest.objects.count() == 1


def test_send_review_digest_reports_a_failure_and_a_rerun_sends_one_digest(settings):
    InReviewElectiveFactory(title="Ophthalmology camp in Nepal")
    smtp.down(settings)
    output, failed = command("send_review_digest")
    assert failed and "kept queued" in output
    queued("review_digest")

    with smtp.accepting(settings) as inbox:
        output, failed = command("send_review_digest")
        assert not failed and "Digest sent." in output
        assert command("send_queued_mail")[0].startswith("0 e-mail(s) sent")
    (message,) = inbox.messages
    assert "Ophthalmology camp in Nepal" in message.get_body(("plain",)).get_content()


def test_send_alerts_reports_a_failure_and_the_queue_sends_it_once(settings):
    alert = AlertFactory(frequency="daily")
    Alert.objects.update(checked_at=timezone.now() - datetime.timedelta(days=2))
    PublishedElectiveFactory(title="Fresh Elective")
    smtp.down(settings)
    output, failed = command("send_alerts")
    assert failed and "0 alert e-mails sent, 1 failed" in output
    (mail,) = queued("alert_digest")
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    with smtp.accepting(settings) as inbox:
        output, failed = command("send_alerts")  # checked already: nothing new to send
        assert not failed and "0 alert e-mails sent, 0 failed" in output
    assert inbox.messages == []
    (message,) = drain(settings)
    assert message["To"] == alert.email and "Fresh Elective" in message.as_string()
    assert message["List-Unsubscribe"].strip().startswith("<http://127.0.0.1:8000/alerts/")


def test_a_message_being_sent_elsewhere_is_skipped(settings, transactional_db, postgres):
    """Two send_queued_mail at once: the rows one holds, the other leaves alone (row locks:
    PostgreSQL)."""
    InReviewElectiveFactory()
    smtp.down(settings)
    command("send_review_digest")
    held, release = threading.Event(), threading.Event()

    def other_sender():
        with transaction.atomic():
            list(OutgoingMail.objects.select_for_update())
            held.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=other_sender)
    thread.start()
    try:
        assert held.wait(10)
        with smtp.accepting(settings) as inbox:
            output, failed = command("send_queued_mail")
        assert not failed and output.startswith("0 e-mail(s) sent") and inbox.messages == []
    finally:
        release.set()
        thread.join()


def test_curators_see_what_waits_in_the_admin(curator_client, settings):
    InReviewElectiveFactory()
    smtp.down(settings)
    command("send_review_digest")
    page = curator_client.get(
        reverse("admin:mail_outgoingmail_changelist"), {"q": "gme@", "sent_at__isempty": "1"}
    )
    assert page.status_code == 200
    assert "What waits for review" in page.text and "ConnectionRefusedError" in page.text


def test_approving_a_debrief_link_works_while_the_mail_server_is_down(
    client, settings, django_capture_on_commit_callbacks
):
    """A curator action that sends mail: the link is approved, its e-mail waits."""
    link = DebriefLink.objects.create(
        elective=PublishedElectiveFactory(), email="went@example.org", note="June 2025"
    )
    client.force_login(CuratorFactory())
    smtp.down(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:debriefs_debrieflink_changelist"),
            {"action": "approve", "_selected_action": [link.pk]},
        )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.sent_at is not None
    (mail,) = queued("debrief_link")
    assert mail.to == ["went@example.org"]
    (message,) = drain(settings)
    assert message["To"] == "went@example.org" and "/debrief/" in message.as_string()
