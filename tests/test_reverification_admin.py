"""Re-verification and debrief links from the admin: no shell needed."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from curation.models import VerificationRequest
from debriefs.models import DebriefLink
from mail.outbox import courier
from tests.factories import (
    ArchivedElectiveFactory,
    CuratorFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
)

pytestmark = pytest.mark.django_db

ELECTIVES = reverse("admin:electives_elective_changelist")
SPONSORS = reverse("admin:electives_organization_changelist")
LINKS = reverse("admin:debriefs_debrieflink_changelist")


@pytest.fixture
def lakeside():
    sponsor = OrganizationFactory(name="Lakeside Health", contact="intl@lakeside.example")
    return [
        PublishedElectiveFactory(title=f"Lakeside {n}", organization=sponsor, last_verified=None)
        for n in (1, 2, 3)
    ]


@pytest.fixture
def andes():
    sponsor = OrganizationFactory(name="Andes Clinics", contact="andes@example.org")
    return PublishedElectiveFactory(title="Andes clinic", organization=sponsor)


@pytest.fixture
def curator():
    client = Client()
    client.force_login(CuratorFactory())
    return client


def act(client, url, action, objects, capture):
    with capture(execute=True):
        response = client.post(
            url, {"action": action, "_selected_action": [o.pk for o in objects]}, follow=True
        )
    assert courier.wait_idle(10)  # a request's mail goes out in the background
    return response


def row(page, title):
    return re.search(rf">{title}</a>.*?</tr>", page, re.S).group(0)


def test_asking_from_the_electives_sends_one_mail_per_sponsor_and_shows_pending(
    curator, lakeside, andes, django_capture_on_commit_callbacks
):
    page = act(
        curator,
        ELECTIVES,
        "ask_to_reverify_electives",
        [*lakeside[:2], andes],
        django_capture_on_commit_callbacks,
    ).text
    assert "Asked 2 sponsor contact(s) to re-verify 3 elective(s)" in page
    assert sorted(m.to[0] for m in mail.outbox) == ["andes@example.org", "intl@lakeside.example"]
    lakeside_mail = next(m for m in mail.outbox if m.to == ["intl@lakeside.example"])
    assert "Lakeside 1" in lakeside_mail.body and "Lakeside 2" in lakeside_mail.body
    assert "Lakeside 3" not in lakeside_mail.body

    listing = curator.get(ELECTIVES).text
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert f"asked {today}, pending" in row(listing, "Lakeside 1")
    assert "not asked" in row(listing, "Lakeside 3")

    # Asked again: nobody gets a second mail while the first is pending.
    again = act(
        curator,
        ELECTIVES,
        "ask_to_reverify_electives",
        lakeside,
        django_capture_on_commit_callbacks,
    ).text
    assert "2 elective(s) already have a pending request" in again
    assert len(mail.outbox) == 3  # Lakeside 3 alone, in a new mail


def test_the_listing_shows_an_answer_and_an_expired_link(curator, lakeside):
    sponsor = lakeside[0].organization
    answered = VerificationRequest.objects.create(
        organization=sponsor, email="x@example.org", answered_at=timezone.now()
    )
    answered.electives.set([lakeside[0]])
    expired = VerificationRequest.objects.create(organization=sponsor, email="x@example.org")
    expired.electives.set([lakeside[1]])
    VerificationRequest.objects.filter(pk=expired.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=45)
    )
    listing = curator.get(ELECTIVES).text
    assert ", answered " in row(listing, "Lakeside 1")
    assert "no answer (link expired)" in row(listing, "Lakeside 2")


def test_asking_a_sponsor_covers_its_published_electives(
    curator, lakeside, andes, django_capture_on_commit_callbacks
):
    ArchivedElectiveFactory(title="Old Lakeside", organization=lakeside[0].organization)
    page = act(
        curator,
        SPONSORS,
        "ask_to_reverify_sponsors",
        [lakeside[0].organization],
        django_capture_on_commit_callbacks,
    ).text
    assert "Asked 1 sponsor contact(s) to re-verify 3 elective(s)" in page
    [message] = mail.outbox
    assert message.to == ["intl@lakeside.example"] and "Old Lakeside" not in message.body
    assert "pending" in row(curator.get(SPONSORS).text, "Lakeside Health")
    assert "not asked" in row(curator.get(SPONSORS).text, "Andes Clinics")


def test_an_elective_without_an_address_is_named_not_silently_skipped(
    curator, django_capture_on_commit_callbacks
):
    nowhere = PublishedElectiveFactory(
        organization=OrganizationFactory(contact="call us"), contact_email=""
    )
    page = act(
        curator,
        ELECTIVES,
        "ask_to_reverify_electives",
        [nowhere],
        django_capture_on_commit_callbacks,
    ).text
    assert "1 elective(s) have no e-mail address to ask" in page
    assert mail.outbox == []


def test_sponsor_editors_cannot_ask(lakeside, django_capture_on_commit_callbacks):
    editor = Client()
    editor.force_login(SponsorEditorFactory(organizations=[lakeside[0].organization]))
    assert "ask_to_reverify" not in editor.get(ELECTIVES).text
    act(
        editor, ELECTIVES, "ask_to_reverify_electives", lakeside, django_capture_on_commit_callbacks
    )
    act(
        editor,
        SPONSORS,
        "ask_to_reverify_sponsors",
        [lakeside[0].organization],
        django_capture_on_commit_callbacks,
    )
    assert mail.outbox == [] and not VerificationRequest.objects.exists()


def test_a_curator_sends_a_debrief_link_again_and_a_sponsor_editor_cannot(
    curator, lakeside, andes, django_capture_on_commit_callbacks
):
    now = timezone.now()
    ours = DebriefLink.objects.create(elective=lakeside[0], email="kofi@example.org", sent_at=now)
    theirs = DebriefLink.objects.create(elective=andes, email="ana@example.org", sent_at=now)
    used = DebriefLink.objects.create(
        elective=lakeside[0], email="used@example.org", sent_at=now, used_at=now
    )
    # Sponsors never see who their participants are (issue 24, item 3): not even their
    # own electives' links, so they cannot send one again either.
    editor = Client()
    editor.force_login(SponsorEditorFactory(organizations=[lakeside[0].organization]))
    act(editor, LINKS, "resend_links", [ours, theirs, used], django_capture_on_commit_callbacks)
    assert mail.outbox == []

    page = act(
        curator, LINKS, "resend_links", [ours, theirs, used], django_capture_on_commit_callbacks
    ).text
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "kofi@example.org"]
    assert "E-mailed 2 debrief link(s) again" in page
    assert re.search(r"https?://\S+/debrief/\S+/", mail.outbox[0].body)
