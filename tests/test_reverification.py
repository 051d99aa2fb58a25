import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from curation.models import VerificationRequest
from curation.views import VerifyForm
from electives.models import Status, months_before
from mail.outbox import courier
from residents.models import ProblemReport
from tests.concurrency import Meeting, at_once
from tests.factories import CuratorFactory, OrganizationFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def link_in(message):
    return re.search(r"https?://\S+(/verify/\S+/)", message.body).group(1)


@pytest.fixture
def stale_batch():
    """Two stale electives of one sponsor, one fresh one, and a stale one elsewhere."""
    sponsor = OrganizationFactory(name="Lakeside Health Partners", contact="intl@lakeside.example")
    old = TODAY - datetime.timedelta(days=500)
    return {
        "first": PublishedElectiveFactory(
            title="Surgery in Kisumu", organization=sponsor, last_verified=old
        ),
        "second": PublishedElectiveFactory(
            title="Pediatrics in Kisumu", organization=sponsor, last_verified=old
        ),
        "fresh": PublishedElectiveFactory(
            title="Fresh listing", organization=sponsor, last_verified=TODAY
        ),
        "other": PublishedElectiveFactory(
            title="Andes clinic",
            organization=OrganizationFactory(name="Andes Clinics", contact="+51 1 555 0100"),
            contact_email="andes@example.org",
            last_verified=old,
        ),
    }


@pytest.fixture
def sent(stale_batch):
    with time_machine.travel(TODAY, tick=False):
        call_command("request_reverification")
    return {message.to[0]: message for message in mail.outbox}


def test_each_sponsor_contact_gets_one_link_for_its_stale_electives(sent):
    assert sorted(sent) == ["andes@example.org", "intl@lakeside.example"]
    body = sent["intl@lakeside.example"].body
    assert "Surgery in Kisumu" in body and "Pediatrics in Kisumu" in body
    assert "Fresh listing" not in body and "Andes clinic" not in body
    assert body.count("/verify/") == 1


def test_older_than_months_narrows_the_batch(stale_batch):
    with time_machine.travel(TODAY, tick=False):
        call_command("request_reverification", "--older-than-months", "24")
    assert mail.outbox == []


def test_a_valid_link_shows_a_form_that_works_without_javascript(client, sent):
    with time_machine.travel(TODAY, tick=False):
        page = client.get(link_in(sent["intl@lakeside.example"]))
    assert page.status_code == 200
    assert '<form method="post"' in page.text and "<script" not in page.text.split("<main")[1]
    assert "Surgery in Kisumu" in page.text and "Pediatrics in Kisumu" in page.text
    assert page["Cache-Control"].startswith("max-age=0")


def answer(client, link, stale_batch, first="accurate", second="accurate", changes=""):
    data = {
        f"answer_{stale_batch['first'].pk}": first,
        f"answer_{stale_batch['second'].pk}": second,
        f"changes_{stale_batch['second'].pk}": changes,
    }
    return client.post(link, data)


def test_confirming_marks_each_listing_verified_today(
    client, sent, stale_batch, settings, django_capture_on_commit_callbacks
):
    settings.CURATOR_EMAILS = ["gme@example.org"]
    link = link_in(sent["intl@lakeside.example"])
    mail.outbox.clear()
    with (
        time_machine.travel(TODAY + datetime.timedelta(days=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = answer(client, link, stale_batch, second="changed", changes="New fee: $900.")
        today = timezone.localdate()
    assert response.status_code == 200 and "Thank you" in response.text
    first, second = stale_batch["first"], stale_batch["second"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.last_verified == today
    # "Something changed" leaves the date alone and tells the curators.
    assert second.last_verified == TODAY - datetime.timedelta(days=500)
    # ... as a problem report, like a resident's, that the curators resolve.
    [report] = ProblemReport.objects.open().filter(elective=second)
    assert report.kind == ProblemReport.Kind.OUTDATED
    assert "intl@lakeside.example" in report.message and "New fee: $900." in report.message
    [message] = mail.outbox
    assert message.to == ["gme@example.org"] and "New fee: $900." in message.body


def test_something_changed_needs_words(client, sent, stale_batch):
    link = link_in(sent["intl@lakeside.example"])
    with time_machine.travel(TODAY, tick=False):
        response = answer(client, link, stale_batch, second="changed", changes="  ")
        unanswered = client.post(link, {})
    assert response.status_code == 400 and "Tell us what changed." in response.text
    assert unanswered.status_code == 400
    assert "Choose whether it is still accurate." in unanswered.text
    stale_batch["first"].refresh_from_db()
    assert stale_batch["first"].last_verified != TODAY


def test_a_link_works_once(client, sent, stale_batch):
    link = link_in(sent["intl@lakeside.example"])
    with time_machine.travel(TODAY, tick=False):
        assert answer(client, link, stale_batch).status_code == 200
        again = client.get(link)
        posted_again = answer(client, link, stale_batch)
    assert again.status_code == 410 and "already been used" in again.text
    assert posted_again.status_code == 410


def test_a_link_expires_after_30_days(client, sent, stale_batch):
    link = link_in(sent["intl@lakeside.example"])
    with time_machine.travel(TODAY + datetime.timedelta(days=29), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(TODAY + datetime.timedelta(days=31), tick=False):
        response = client.get(link)
        posted = answer(client, link, stale_batch)
    assert response.status_code == 410 and "expired" in response.text
    assert posted.status_code == 410
    stale_batch["first"].refresh_from_db()
    assert stale_batch["first"].last_verified != TODAY + datetime.timedelta(days=31)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "1" + token,
        lambda token: "not-a-token",
    ],
    ids=["signature", "payload", "garbage"],
)
def test_a_tampered_link_is_refused(client, sent, tamper):
    token = link_in(sent["intl@lakeside.example"]).split("/")[2]
    with time_machine.travel(TODAY, tick=False):
        response = client.get(f"/verify/{tamper(token)}/")
    assert response.status_code == 404 and "not valid" in response.text


def test_a_link_for_a_deleted_request_is_refused(client, sent):
    link = link_in(sent["intl@lakeside.example"])
    VerificationRequest.objects.all().delete()
    with time_machine.travel(TODAY, tick=False):
        assert client.get(link).status_code == 404


def test_expire_stale_takes_listings_unverified_for_24_months_off_the_site(client):
    with time_machine.travel(datetime.date(2024, 1, 10), tick=False):
        old = PublishedElectiveFactory(
            title="Old listing", last_verified=datetime.date(2024, 1, 10)
        )
        recent = PublishedElectiveFactory(
            title="Recent listing", last_verified=datetime.date(2024, 3, 1)
        )
    with time_machine.travel(datetime.date(2026, 2, 1), tick=False):
        call_command("expire_stale")
        listing = client.get("/electives/").text
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == Status.IN_REVIEW and "not verified for 24 months" in old.review_note
    assert recent.status == Status.PUBLISHED
    assert "Old listing" not in listing and "Recent listing" in listing


def test_expire_stale_months_option():
    with time_machine.travel(datetime.date(2025, 1, 10), tick=False):
        elective = PublishedElectiveFactory(last_verified=datetime.date(2025, 1, 10))
    with time_machine.travel(datetime.date(2025, 8, 1), tick=False):
        call_command("expire_stale", "--months", "6")
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), 12, datetime.date(2025, 1, 15)),
        (datetime.date(2024, 2, 29), 24, datetime.date(2022, 2, 28)),
    ],
)
def test_months_before_keeps_to_the_calendar(day, months, expected):
    assert months_before(day, months) == expected


def test_curators_see_what_was_sent_and_answered(client, sent, stale_batch):
    link = link_in(sent["intl@lakeside.example"])
    with time_machine.travel(TODAY, tick=False):
        answer(client, link, stale_batch)
    client.force_login(CuratorFactory())
    answered = client.get(
        "/admin/curation/verificationrequest/", {"answered_at__isempty": "0"}
    ).text
    assert "intl@lakeside.example" in answered and "andes@example.org" not in answered


@pytest.mark.django_db(transaction=True)
def test_four_answers_at_once_are_taken_once(postgres, sent, stale_batch, settings, monkeypatch):
    """Four parallel POSTs of one link: one report, one e-mail, three "already used" pages."""
    settings.CURATOR_EMAILS = ["gme@example.org"]
    link = link_in(sent["intl@lakeside.example"])
    mail.outbox.clear()
    # Every request has read the link as unanswered and its form as valid before any goes on.
    meeting = Meeting(4)
    answers = VerifyForm.answers

    def answers_after_meeting(form):
        meeting.wait()
        return answers(form)

    monkeypatch.setattr(VerifyForm, "answers", answers_after_meeting)

    def post():
        response = answer(Client(), link, stale_batch, second="changed", changes="New fee.")
        return response.status_code, response.text

    with time_machine.travel(TODAY, tick=False):
        results = at_once(post, *[()] * 4)
    codes = sorted(code for code, _ in results)
    assert codes == [200, 410, 410, 410]
    assert all("already been used" in text for code, text in results if code == 410)
    assert ProblemReport.objects.count() == 1
    assert courier.wait_idle(10)  # the mail goes out after the response, in the background
    assert len(mail.outbox) == 1
