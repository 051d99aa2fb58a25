"""One debrief link makes one debrief: the link is taken atomically, so that parallel POSTs
of the same form (a double click, a mail scanner replaying it) give one debrief and one
curator notice, and the others the "already used" page."""

import pytest
from django.test import Client
from django.utils import timezone

from debriefs import review
from debriefs.models import Debrief, DebriefLink
from mail.models import OutgoingMail
from tests.concurrency import Meeting, at_once
from tests.factories import PublishedElectiveFactory, SpecialtyFactory
from tests.test_debriefs import ANSWERS

PARALLEL = 8


@pytest.fixture
def sent_link(settings):
    settings.CURATOR_EMAILS = ["gme@example.org"]
    link = DebriefLink.objects.create(
        elective=PublishedElectiveFactory(), email="ama@example.org", sent_at=timezone.now()
    )
    answers = {**ANSWERS, "specialty": SpecialtyFactory(name="Surgery").pk}
    return f"/debrief/{link.token}/", answers


@pytest.mark.django_db
def test_a_second_post_of_the_form_finds_the_link_used(sent_link):
    path, answers = sent_link
    assert Client().post(path, answers).status_code == 200
    again = Client().post(path, answers)
    assert again.status_code == 410 and "This link has already been used" in again.text
    assert Debrief.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_of_one_link_make_one_debrief(postgres, sent_link, monkeypatch):
    # PostgreSQL: SQLite locks the whole database for each writer instead of racing.
    path, answers = sent_link
    # Every request has read the link as unused and its form as valid before any goes on.
    meeting = Meeting(PARALLEL)
    submit = review.submit

    def submit_after_meeting(link, debrief):
        meeting.wait()
        return submit(link, debrief)

    monkeypatch.setattr(review, "submit", submit_after_meeting)

    def post():
        response = Client().post(path, answers)
        return response.status_code, response.text

    results = at_once(post, *[()] * PARALLEL)
    assert sorted(code for code, _ in results) == [200] + [410] * (PARALLEL - 1)
    assert all("This link has already been used" in text for code, text in results if code == 410)
    assert Debrief.objects.count() == 1
    assert OutgoingMail.objects.filter(template="debrief_received").count() == 1
    link = DebriefLink.objects.get()
    assert link.used_at is not None and link.debrief == Debrief.objects.get()
