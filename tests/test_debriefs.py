"""Debriefs from returning residents: a signed single-use link, the form, the review
queue, and only then the public page, compare and JSON."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from debriefs.models import Debrief, DebriefLink
from tests.factories import (
    CuratorFactory,
    DebriefFactory,
    OrganizationFactory,
    PublishedDebriefFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
)
from tests.listing import api

pytestmark = pytest.mark.django_db

ANSWERS = {
    "month": "3",
    "year": "2025",
    "pgy": "3",
    "specialty": "",  # set in the fixture
    "weeks": "4",
    "role": "hands-on",
    "supervisor": "A consultant surgeon",
    "supervision": "daily",
    "patients_per_day": "30",
    "total_cost_usd": "3100",
    "fee_usd": "500",
    "housing_usd": "900",
    "flights_usd": "1500",
    "visa_usd": "200",
    "housing": "Hospital guesthouse, clean and safe.",
    "safety_incident": "False",
    "safety_details": "",
    "credit_granted": "yes",
    "would_go_again": "True",
    "text": "Long days in theatre; the team teaches well.",
}


@pytest.fixture
def answers():
    from electives.models import Specialty

    return {**ANSWERS, "specialty": Specialty.objects.get(slug="surgery").pk}


@pytest.fixture
def elective():
    return PublishedElectiveFactory(title="Surgery in Moshi", slug="surgery-moshi", cost_usd=500)


@pytest.fixture
def curator_client(client, settings):
    settings.CURATOR_EMAILS = ["gme@example.org"]
    client.force_login(CuratorFactory())
    return client


def link_in(message):
    [path] = re.findall(r"https?://[^/\s]+(/debrief/[^\s]+/)", message.body)
    return path


def send_link(client, elective, email, capture):
    with capture(execute=True):
        response = client.post(
            reverse("admin:debriefs_debrieflink_add"),
            {"elective": elective.pk, "email": email, "note": ""},
        )
    assert response.status_code == 302, response.content
    [message] = [m for m in mail.outbox if m.to == [email]]
    return link_in(message)


def decide(client, debrief, decision, note=""):
    url = reverse("admin:debriefs_debrief_decide", args=[debrief.pk])
    return client.post(url, {"decision": decision, "note": note}, follow=True)


def test_from_link_to_publication(
    curator_client, client, elective, answers, django_capture_on_commit_callbacks
):
    public = client.__class__()
    assert "Long days in theatre" not in public.get("/electives/surgery-moshi/").text  # cached

    path = send_link(
        curator_client, elective, "ama@example.org", django_capture_on_commit_callbacks
    )
    form = public.get(path)
    assert form.status_code == 200 and "Your debrief of Surgery in Moshi" in form.text
    with django_capture_on_commit_callbacks(execute=True):
        done = public.post(path, answers)
    assert done.status_code == 200 and "reached the curators" in done.text
    debrief = Debrief.objects.get()
    assert (debrief.status, debrief.email, debrief.elective) == (
        "in-review",
        "ama@example.org",
        elective,
    )
    assert any("Debrief to review" in m.subject for m in mail.outbox)
    # Single use.
    assert public.get(path).status_code == 410
    assert public.post(path, answers).status_code == 410
    assert Debrief.objects.count() == 1

    # In review: on no public surface yet, but in the queue.
    assert "Long days in theatre" not in public.get("/electives/surgery-moshi/").text
    queue = curator_client.get(reverse("admin:electives_elective_review")).text
    assert "Debrief of Surgery in Moshi (March 2025)" in queue
    assert "Long days in theatre" in queue

    decide(curator_client, debrief, "publish")
    debrief.refresh_from_db()
    assert debrief.status == "published" and debrief.published_at is not None
    assert debrief.history.first().history_user is not None

    page = public.get("/electives/surgery-moshi/").text  # the content version moved
    assert "Long days in theatre" in page
    assert "1 debrief; 1 of 1 would go again; reported total cost $3,100." in page
    assert "fee $500, housing $900, flights $1,500, visa $200); listed fee $500" in page
    assert "ama@example.org" not in page
    [result] = api(public)["results"]
    assert result["debriefs"] == {
        "count": 1,
        "would_go_again": 1,
        "costs_reported": 1,
        "cost_min_usd": 3100,
        "cost_max_usd": 3100,
        "summary": "1 debrief; 1 of 1 would go again; reported total cost $3,100",
    }


def test_a_resident_asks_and_a_curator_approves(
    client, curator_client, elective, settings, django_capture_on_commit_callbacks
):
    public = client.__class__()
    ask = public.get("/electives/surgery-moshi/debrief/")
    assert ask.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = public.post(
            "/electives/surgery-moshi/debrief/",
            {
                "email": "kofi@example.org",
                "note": "June 2024, with my program's global health track.",
            },
        )
    assert response.status_code == 200 and "reached the curators" in response.text
    [to_curators] = mail.outbox
    assert to_curators.to == ["gme@example.org"] and "kofi@example.org" in to_curators.body
    link = DebriefLink.objects.get()
    assert link.sent_at is None  # nothing goes to the resident before a curator approves

    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(
            reverse("admin:debriefs_debrieflink_changelist"),
            {"action": "approve", "_selected_action": [link.pk]},
        )
    [message] = [m for m in mail.outbox if m.to == ["kofi@example.org"]]
    assert "Surgery in Moshi" in message.subject
    assert public.get(link_in(message)).status_code == 200


def test_the_request_form_keeps_what_was_typed_and_is_rate_limited(client, elective, settings):
    bad = client.post(
        "/electives/surgery-moshi/debrief/", {"email": "not-an-address", "note": "June 2024"}
    )
    assert bad.status_code == 400
    assert "June 2024" in bad.text and 'value="not-an-address"' in bad.text
    settings.FORM_RATE_LIMIT = "2/h"
    data = {"email": "kofi@example.org", "note": "June 2024"}
    statuses = [
        client.post("/electives/surgery-moshi/debrief/", data).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert DebriefLink.objects.count() == 2


def test_a_debrief_form_with_mistakes_keeps_the_answers(
    curator_client, client, elective, answers, django_capture_on_commit_callbacks
):
    path = send_link(
        curator_client, elective, "ama@example.org", django_capture_on_commit_callbacks
    )
    public = client.__class__()
    response = public.post(path, {**answers, "pgy": "12", "safety_incident": "True"})
    assert response.status_code == 400
    assert "Tell us briefly what happened." in response.text
    assert "Long days in theatre; the team teaches well." in response.text
    assert not Debrief.objects.exists()
    assert public.get(path).status_code == 200  # the link still works


@pytest.mark.parametrize("token", ["nonsense", "1:abc:def", "9" * 400])
def test_a_broken_link_answers_404(client, token):
    assert client.get(f"/debrief/{token}/").status_code == 404


def test_an_expired_link_answers_410(client, elective, settings, monkeypatch):
    link = DebriefLink.objects.create(elective=elective, email="a@example.org")
    link.sent_at = link.requested_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    link.save()
    token = link.token
    monkeypatch.setattr("time.time", lambda: 10**10)
    response = client.get(f"/debrief/{token}/")
    assert response.status_code == 410 and "expired" in response.text


def test_send_back_mails_a_new_link_that_keeps_the_answers(
    curator_client, client, django_capture_on_commit_callbacks
):
    debrief = DebriefFactory(email="ama@example.org", text="Short text.")
    with django_capture_on_commit_callbacks(execute=True):
        decide(curator_client, debrief, "send_back", "Could you say more about the housing?")
    debrief.refresh_from_db()
    assert debrief.status == "sent-back"
    [message] = mail.outbox
    assert message.to == ["ama@example.org"] and "say more about the housing" in message.body
    path = link_in(message)
    form = client.get(path)
    assert "Could you say more about the housing?" in form.text and "Short text." in form.text


def test_send_back_needs_a_note_and_reject_keeps_it_off(curator_client, client):
    debrief = DebriefFactory(text="Rejected words")
    page = decide(curator_client, debrief, "send_back").text
    assert "Say what the participant should add or change." in page
    decide(curator_client, debrief, "reject")
    debrief.refresh_from_db()
    assert debrief.status == "rejected"
    assert "Rejected words" not in client.get(debrief.elective.get_absolute_url()).text


def test_only_curators_decide(client, elective):
    debrief = DebriefFactory(elective=elective)
    client.force_login(SponsorEditorFactory(organizations=[elective.organization]))
    assert decide(client, debrief, "publish").status_code == 403
    debrief.refresh_from_db()
    assert debrief.status == "in-review"


def test_the_sponsor_replies_to_its_own_debriefs_only(client, elective):
    debrief = PublishedDebriefFactory(elective=elective)
    url = reverse("admin:debriefs_debrief_change", args=[debrief.pk])
    client.force_login(
        SponsorEditorFactory(organizations=[OrganizationFactory(name="Other Health Trust")])
    )
    assert client.post(url, {"reply": "Not ours"}).status_code in (302, 403)
    debrief.refresh_from_db()
    assert debrief.reply == ""

    client.force_login(SponsorEditorFactory(organizations=[elective.organization]))
    form = client.get(url)
    assert form.status_code == 200 and debrief.email not in form.text
    assert client.post(url, {"reply": "We moved the guesthouse closer."}).status_code == 302
    client.logout()
    page = client.get(elective.get_absolute_url()).text
    assert f"{elective.organization.name} replied:" in page
    assert "We moved the guesthouse closer." in page


def test_the_page_lists_newest_first_marks_old_ones_and_sums_up_honestly(client, elective):
    this_year = datetime.date.today().year
    PublishedDebriefFactory(
        elective=elective, year=this_year - 1, month=2, total_cost_usd=2100, text="Second"
    )
    PublishedDebriefFactory(
        elective=elective,
        year=this_year - 5,
        month=6,
        total_cost_usd=None,
        would_go_again=False,
        text="Oldest",
    )
    PublishedDebriefFactory(
        elective=elective, year=this_year - 1, month=9, total_cost_usd=3400, text="Newest"
    )
    DebriefFactory(elective=elective, text="Waiting in review")
    page = client.get(elective.get_absolute_url()).text
    assert page.index("Newest") < page.index("Second") < page.index("Oldest")
    assert page.count("More than 3 years ago") == 1
    assert "3 debriefs; 2 of 3 would go again; reported total cost $2,100–$3,400 (2 said)." in page
    assert "Waiting in review" not in page

    other = PublishedElectiveFactory()
    compare = client.get(f"/compare/?e={elective.slug},{other.slug}").text
    assert "3 debriefs; 2 of 3 would go again" in compare
    assert "No debriefs yet" in compare
