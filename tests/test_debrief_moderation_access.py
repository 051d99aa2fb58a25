"""A debrief's moderation is the curators' alone, on the change form and through history,
and every change of what the public sees of it (a revert too) shows on the cached page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.admin_forms import as_posted
from tests.factories import (
    CuratorFactory,
    DebriefFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
)

pytestmark = pytest.mark.django_db

WRITTEN = "The chief of surgery, Dr. Named Person, shouted at residents."
REDACTED = "A senior surgeon was often harsh with residents."


@pytest.fixture
def elective():
    return PublishedElectiveFactory(title="Surgery in Moshi")


@pytest.fixture
def debrief(elective):
    """Sent, published as written, then redacted by a curator in the admin."""
    debrief = DebriefFactory(elective=elective, text=WRITTEN)
    debrief.status = "published"
    debrief.save()
    client = Client()
    client.force_login(CuratorFactory())
    url = reverse("admin:debriefs_debrief_change", args=[debrief.pk])
    form = client.get(url).context["adminform"].form
    assert client.post(url, as_posted(form, text=REDACTED)).status_code == 302
    debrief.refresh_from_db()
    assert debrief.text == REDACTED
    return debrief


@pytest.fixture
def editor_client(client, elective):
    client.force_login(SponsorEditorFactory(organizations=[elective.organization]))
    return client


def history_urls(debrief):
    first = debrief.history.earliest()
    return [
        reverse("admin:debriefs_debrief_history", args=[debrief.pk]),
        reverse("admin:debriefs_debrief_simple_history", args=[debrief.pk, first.history_id]),
    ]


def test_a_sponsor_editor_neither_reads_nor_reverts_a_debriefs_history(editor_client, debrief):
    for url in history_urls(debrief):
        response = editor_client.get(url)
        assert response.status_code == 403, url
        assert WRITTEN not in response.text
    _, revert = history_urls(debrief)
    assert editor_client.post(revert, {"reply": "Thanks", "text": WRITTEN}).status_code == 403
    debrief.refresh_from_db()
    assert (debrief.text, debrief.status, debrief.reply) == (REDACTED, "published", "")


def test_a_sponsor_editor_changes_only_the_reply(editor_client, debrief):
    url = reverse("admin:debriefs_debrief_change", args=[debrief.pk])
    form = editor_client.get(url).text
    assert 'class="historylink"' not in form  # theirs to read, not its history
    data = {"reply": "We listened.", "text": WRITTEN, "status": "rejected", "review_note": "x"}
    assert editor_client.post(url, data).status_code == 302
    debrief.refresh_from_db()
    assert (debrief.reply, debrief.text, debrief.status) == ("We listened.", REDACTED, "published")
    assert debrief.review_note == ""


def test_a_curators_revert_keeps_the_debrief_published(client, debrief):
    """Publishing and unpublishing is the review queue's: a revert to the first version
    (sent, not yet published) brings back its words, not its status."""
    first = debrief.history.earliest()
    assert first.status == "in-review"
    client.force_login(CuratorFactory())
    url = reverse("admin:debriefs_debrief_simple_history", args=[debrief.pk, first.history_id])
    form = client.get(url).context["adminform"].form
    assert client.post(url, as_posted(form)).status_code == 302
    debrief.refresh_from_db()
    assert (debrief.text, debrief.status) == (WRITTEN, "published")
    change = client.get(reverse("admin:debriefs_debrief_change", args=[debrief.pk])).text
    assert 'class="historylink"' in change


def test_a_revert_by_a_curator_shows_on_the_cached_page_at_once(client, elective, debrief):
    page = elective.get_absolute_url()
    assert REDACTED in client.get(page).text  # now in the page cache
    curator = Client()
    curator.force_login(CuratorFactory())
    first = debrief.history.earliest()
    url = reverse("admin:debriefs_debrief_simple_history", args=[debrief.pk, first.history_id])
    form = curator.get(url).context["adminform"].form
    assert curator.post(url, as_posted(form)).status_code == 302
    assert WRITTEN in client.get(page).text


def test_unpublishing_by_saving_an_old_version_takes_it_off_the_cached_page(
    client, elective, debrief
):
    """simple_history's own way to revert: save an old version's instance. Built by hand,
    it does not know what the database held; the page must still change."""
    page = elective.get_absolute_url()
    assert REDACTED in client.get(page).text  # now in the page cache
    debrief.history.earliest().instance.save()
    response = client.get(page).text
    assert REDACTED not in response and WRITTEN not in response
