"""Requests never wait on the mail server: what a request queued is handed, after the
response, to one bounded background thread per process (mail.outbox.courier). With a server
that accepts and never answers, every form still answers at once, and the mail stays
queued for send_queued_mail."""

import time

import pytest
from django.test import Client

from mail.models import OutgoingMail
from mail.outbox import Courier, courier, send
from residents.models import Suggestion
from tests import smtp
from tests.concurrency import at_once
from tests.test_mail_outbox import drain
from tests.test_suggest import VALID as SUGGESTION

# The rows the courier reads must be committed: its thread has its own connection.
pytestmark = pytest.mark.django_db(transaction=True)

POSTS = 10
TIMEOUT = 4  # EMAIL_TIMEOUT, seconds: what a request waited before, per try


@pytest.fixture(autouse=True)
def forms_unlimited(settings):
    settings.CURATOR_EMAILS = ["gme@example.org"]
    settings.FORM_RATE_LIMIT = "1000/h"


def suggest(n):
    started = time.monotonic()
    response = Client().post("/suggest/", {**SUGGESTION, "title": f"Trauma Surgery {n}"})
    return response.status_code, time.monotonic() - started


def test_forms_answer_at_once_while_the_mail_server_never_answers(postgres, settings):
    # PostgreSQL: ten requests writing at once (SQLite would serialise them on its lock).
    silent = smtp.Silent()
    smtp.use(settings, silent.port, timeout=TIMEOUT)
    try:
        results = at_once(suggest, *[(n,) for n in range(POSTS)])
        assert [code for code, _ in results] == [200] * POSTS
        slowest = max(elapsed for _, elapsed in results)
        # Before: each request delivered its own mail after the response, in its own
        # thread, and waited the full EMAIL_TIMEOUT for the silent server.
        assert slowest < TIMEOUT, slowest
        assert silent.connected.wait(10)  # the courier tried, in the background
        assert courier.wait_idle(3 * TIMEOUT)
    finally:
        silent.close()
    assert Suggestion.objects.count() == POSTS
    # One try, on one connection; the rest left to send_queued_mail once it failed.
    assert silent.connections == 1
    assert OutgoingMail.objects.unsent().count() == 2 * POSTS
    assert OutgoingMail.objects.filter(attempts__gt=0).count() == 1
    assert len(drain(settings)) == 2 * POSTS


def test_the_courier_delivers_after_the_response(settings):
    with smtp.accepting(settings) as inbox:
        code, _ = suggest(1)
        assert code == 200
        assert courier.wait_idle(10)
    assert sorted(m["Subject"] for m in inbox.messages) == [
        "Suggested elective to review: Trauma Surgery 1",
        "We received your suggestion: Trauma Surgery 1",
    ]
    assert not OutgoingMail.objects.unsent().exists()


def test_a_courier_that_is_behind_leaves_the_mail_queued(settings, caplog):
    silent = smtp.Silent()
    smtp.use(settings, silent.port, timeout=TIMEOUT)
    small = Courier(size=1)
    first, second, third = (
        send(["a@example.org"], "alert_confirm", {"alert": None, "confirm_url": "/"})
        for _ in range(3)
    )
    try:
        assert small.take([first.pk])
        assert silent.connected.wait(10)  # the courier's thread hangs on the first
        assert small.take([second.pk])  # waits in the queue
        assert not small.take([third.pk])  # the queue is full: left for send_queued_mail
        assert "Mail courier behind" in caplog.text
        assert small.wait_idle(3 * TIMEOUT)
    finally:
        silent.close()
    first.refresh_from_db()
    assert first.attempts == 1 and "timed out" in first.last_error.lower()
    # Not tried after the server failed: left for send_queued_mail.
    assert OutgoingMail.objects.filter(attempts=0).count() == 2
    assert len(drain(settings)) == 3
