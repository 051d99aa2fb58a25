import csv
import datetime
import io

import lxml.html
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from electives import workflow
from electives.csv import write_csv
from electives.models import Elective, Status
from tests.admin_forms import elective_form_data
from tests.factories import (
    CuratorFactory,
    DraftElectiveFactory,
    InReviewElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:electives_elective_review")


def decide(client, elective, decision, note=""):
    return client.post(
        reverse("admin:electives_elective_decide", args=[elective.pk]),
        {"decision": decision, "note": note},
    )


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


@pytest.mark.parametrize(
    "start, target",
    [(a, b) for a in Status.values for b in Status.values if a != b],
)
def test_a_curator_may_make_every_transition(start, target):
    elective = DraftElectiveFactory(status=start)
    workflow.check_transition(CuratorFactory(), elective, target)


@pytest.mark.parametrize(
    "start, target, allowed",
    [
        (Status.DRAFT, Status.IN_REVIEW, True),
        (Status.DRAFT, Status.PUBLISHED, False),
        (Status.DRAFT, Status.ARCHIVED, False),
        (Status.IN_REVIEW, Status.PUBLISHED, False),
        (Status.IN_REVIEW, Status.DRAFT, False),
        (Status.PUBLISHED, Status.ARCHIVED, False),
        (Status.PUBLISHED, Status.IN_REVIEW, False),
        (Status.ARCHIVED, Status.PUBLISHED, False),
    ],
)
def test_a_sponsor_editor_may_only_submit_for_review(start, target, allowed):
    organization = OrganizationFactory()
    elective = DraftElectiveFactory(status=start, organization=organization)
    editor = SponsorEditorFactory(organizations=[organization])
    if allowed:
        workflow.check_transition(editor, elective, target)
    else:
        with pytest.raises(PermissionDenied):
            workflow.check_transition(editor, elective, target)


def test_a_sponsor_editor_may_not_submit_another_sponsors_elective():
    editor = SponsorEditorFactory(organizations=[OrganizationFactory()])
    with pytest.raises(PermissionDenied):
        workflow.check_transition(editor, DraftElectiveFactory(), Status.IN_REVIEW)


@pytest.mark.parametrize("target", Status.values)
def test_anonymous_and_ordinary_users_may_do_nothing(target):
    elective = DraftElectiveFactory()
    for user in (AnonymousUser(), UserFactory()):
        with pytest.raises(PermissionDenied):
            workflow.check_transition(user, elective, target)


def test_anonymous_visitors_cannot_reach_the_queue_or_decide(client):
    elective = InReviewElectiveFactory()
    assert client.get(QUEUE).status_code == 302  # to the login page
    assert decide(client, elective, "publish").status_code == 302
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW


def test_a_sponsor_editor_cannot_use_the_queue(client):
    organization = OrganizationFactory()
    elective = InReviewElectiveFactory(organization=organization)
    client.force_login(SponsorEditorFactory(organizations=[organization]))
    assert client.get(QUEUE).status_code == 403
    assert decide(client, elective, "publish").status_code == 403
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW


def test_the_queue_lists_what_waits_oldest_first_with_a_preview(curator_client):
    now = timezone.now()
    newer = InReviewElectiveFactory(title="Newer listing")
    older = InReviewElectiveFactory(title="Older listing")
    Elective.objects.filter(pk=older.pk).update(created_at=now - datetime.timedelta(days=9))
    DraftElectiveFactory(title="A draft")
    PublishedElectiveFactory(title="Already live")
    page = curator_client.get(QUEUE).text
    assert page.index("Older listing") < page.index("Newer listing")
    assert "A draft" not in page and "Already live" not in page
    assert f'href="{newer.get_absolute_url()}">Preview' in page


def test_the_preview_is_the_public_page_marked_as_a_draft(curator_client, client):
    elective = InReviewElectiveFactory(title="Burns unit in Accra")
    preview = curator_client.get(elective.get_absolute_url())
    assert preview.status_code == 200
    assert "Draft preview." in preview.text and "Burns unit in Accra" in preview.text


def test_publish_puts_it_on_the_site(curator_client, client):
    elective = InReviewElectiveFactory(title="Malaria ward in Blantyre")
    assert decide(curator_client, elective, "publish").status_code == 302
    elective.refresh_from_db()
    assert elective.status == Status.PUBLISHED
    client.logout()
    assert "Malaria ward in Blantyre" in client.get("/electives/").text


def test_archive_takes_it_off(curator_client):
    elective = InReviewElectiveFactory()
    decide(curator_client, elective, "archive")
    elective.refresh_from_db()
    assert elective.status == Status.ARCHIVED


def test_send_back_keeps_the_note_and_emails_the_submitter(
    curator_client, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory()
    editor = SponsorEditorFactory(organizations=[organization], email="dr.okafor@example.org")
    elective = DraftElectiveFactory(organization=organization, title="Trauma care in Kano")
    workflow.submit_for_review(elective, editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(curator_client, elective, "send_back", "Add the\r\napplication fee.")
    assert response.status_code == 302
    elective.refresh_from_db()
    assert elective.status == Status.DRAFT
    assert elective.review_note == "Add the\napplication fee."
    [message] = mail.outbox
    assert message.to == ["dr.okafor@example.org"]
    assert "Trauma care in Kano" in message.subject
    assert "Add the\napplication fee." in message.body


def test_send_back_without_a_note_is_refused(curator_client):
    elective = InReviewElectiveFactory()
    response = decide(curator_client, elective, "send_back", "  ")
    assert response.status_code == 302
    page = curator_client.get(QUEUE).text
    assert "Say what must change before sending it back." in page
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW and not mail.outbox


def test_an_unknown_decision_changes_nothing(curator_client):
    elective = InReviewElectiveFactory()
    decide(curator_client, elective, "delete-everything")
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW


def test_the_digest_lists_what_waits_for_the_curators(settings):
    settings.CURATOR_EMAILS = ["gme@example.org", "coordinator@example.org"]
    InReviewElectiveFactory(title="Ophthalmology camp in Nepal")
    DraftElectiveFactory(title="Unfinished draft")
    call_command("send_review_digest")
    [message] = mail.outbox
    assert message.to == ["gme@example.org", "coordinator@example.org"]
    assert "Ophthalmology camp in Nepal" in message.body
    assert "Unfinished draft" not in message.body
    assert "/admin/electives/elective/review/" in message.body


def test_no_digest_when_nothing_waits(settings):
    settings.CURATOR_EMAILS = ["gme@example.org"]
    PublishedElectiveFactory()
    call_command("send_review_digest")
    assert mail.outbox == []


@pytest.mark.parametrize("how", ["queue", "bulk action", "change form", "csv import"])
def test_every_way_of_publishing_clears_the_review_note(curator_client, run_import, how):
    elective = InReviewElectiveFactory(review_note="Add the application fee.")
    if how == "csv import":
        ok, _, err = run_import(export_csv(Elective.objects.filter(pk=elective.pk), "published"))
        assert ok, err
    elif how == "queue":
        decide(curator_client, elective, "publish")
    elif how == "bulk action":
        curator_client.post(
            reverse("admin:electives_elective_changelist"),
            {"action": "publish", "_selected_action": [elective.pk]},
        )
    else:
        data = elective_form_data(elective, status=Status.PUBLISHED)
        response = curator_client.post(
            reverse("admin:electives_elective_change", args=[elective.pk]), data
        )
        assert response.status_code == 302, response.text
    elective.refresh_from_db()
    assert elective.status == Status.PUBLISHED
    assert elective.review_note == ""


def export_csv(electives, status):
    """The electives as the export writes them, with another status."""
    text = io.StringIO()
    write_csv(electives, text)
    rows = list(csv.DictReader(io.StringIO(text.getvalue())))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({**row, "status": status} for row in rows)
    return out.getvalue()


def test_importing_a_row_as_draft_keeps_its_review_note(run_import):
    elective = InReviewElectiveFactory(review_note="Add the application fee.")
    ok, _, err = run_import(export_csv(Elective.objects.filter(pk=elective.pk), "draft"))
    assert ok, err
    elective.refresh_from_db()
    assert (elective.status, elective.review_note) == (Status.DRAFT, "Add the application fee.")


def test_expiry_says_why_in_the_note_and_the_history():
    elective = PublishedElectiveFactory(last_verified=datetime.date(2020, 1, 1))
    call_command("expire_stale", "--months", "24")
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW
    assert "not verified for 24 months (last: 2020-01-01)" in elective.review_note
    assert (
        elective.history.first().history_change_reason == "expire_stale: not verified for 24 months"
    )


def test_the_queue_marks_publish_as_the_primary_and_archive_as_destructive(curator_client):
    InReviewElectiveFactory(title="Burns unit in Accra")
    page = lxml.html.fromstring(curator_client.get(QUEUE).content)
    [actions] = page.xpath('//div[contains(@class, "review-actions")]')
    buttons = [(b.get("value"), b.get("class")) for b in actions.iter("button")]
    assert buttons == [
        ("publish", "button default"),
        ("send_back", "button secondary"),
        ("archive", "button destructive"),
    ]
    assert page.xpath('//link[contains(@href, "css/admin.css")]')
