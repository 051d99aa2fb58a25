import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from electives.models import Elective, Status
from tests.admin_forms import elective_form_data
from tests.factories import (
    CuratorFactory,
    DraftElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
)
from web.conflicts import SEEN

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:electives_elective_changelist")


@pytest.fixture
def lakeside():
    return OrganizationFactory(name="Lakeside Health Partners")


@pytest.fixture
def editor(lakeside):
    return SponsorEditorFactory(username="lakeside-editor", organizations=[lakeside])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_url(elective):
    return reverse("admin:electives_elective_change", args=[elective.pk])


def test_they_see_only_their_organizations_electives(editor_client, lakeside):
    PublishedElectiveFactory(title="Ours in Kisumu", organization=lakeside)
    theirs = PublishedElectiveFactory(title="Someone else's in Lima")
    page = editor_client.get(CHANGELIST).text
    assert "Ours in Kisumu" in page and "Someone else" not in page
    # Not in their queryset: the admin answers "does not exist" and goes back to its index.
    assert editor_client.get(change_url(theirs)).status_code == 302
    response = editor_client.post(change_url(theirs), elective_form_data(theirs, title="Hacked"))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.title == "Someone else's in Lima"


def test_their_edit_of_a_published_elective_shows_at_once_and_is_in_history(
    editor_client, client, lakeside, editor, settings
):
    elective = PublishedElectiveFactory(organization=lakeside, cost_usd=400)
    response = editor_client.post(
        change_url(elective), elective_form_data(elective, cost_usd="650")
    )
    assert response.status_code == 302
    elective.refresh_from_db()
    assert (elective.status, elective.cost_usd) == (Status.PUBLISHED, 650)
    assert elective.history.first().history_user == editor

    anonymous = client.__class__()
    assert "$650" in anonymous.get(elective.get_absolute_url()).text

    settings.CURATOR_EMAILS = ["gme@example.org"]
    call_command("send_review_digest")
    [message] = mail.outbox
    assert "edited by lakeside-editor" in message.body
    assert elective.title in message.body


def test_they_can_add_a_draft_and_submit_it_but_not_publish(editor_client, lakeside):
    draft = DraftElectiveFactory.build(title="Pediatrics in Kisumu", organization=lakeside, slug="")
    data = elective_form_data(draft, status=Status.PUBLISHED, organization=lakeside.pk)
    response = editor_client.post(reverse("admin:electives_elective_add"), data)
    assert response.status_code == 200  # the form refuses "published"
    assert "Select a valid choice" in response.text
    assert not Elective.objects.exists()

    data["status"] = Status.IN_REVIEW
    response = editor_client.post(reverse("admin:electives_elective_add"), data)
    assert response.status_code == 302
    elective = Elective.objects.get()
    assert elective.status == Status.IN_REVIEW
    assert elective.submitted_by.username == "lakeside-editor"


def test_they_cannot_create_electives_for_another_sponsor(editor_client):
    other = OrganizationFactory(name="Andes Community Clinics")
    draft = DraftElectiveFactory.build(organization=other, slug="")
    response = editor_client.post(
        reverse("admin:electives_elective_add"), elective_form_data(draft, organization=other.pk)
    )
    assert response.status_code == 200
    assert not Elective.objects.exists()


def test_bulk_actions_offer_them_only_submit_for_review(editor_client, lakeside):
    elective = DraftElectiveFactory(organization=lakeside)
    page = editor_client.get(CHANGELIST).text
    assert 'value="submit_for_review"' in page
    assert 'value="publish"' not in page and 'value="archive"' not in page
    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [elective.pk]})
    elective.refresh_from_db()
    assert elective.status == Status.DRAFT
    editor_client.post(
        CHANGELIST, {"action": "submit_for_review", "_selected_action": [elective.pk]}
    )
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW


def test_they_edit_their_organizations_profile_and_nothing_else(editor_client, lakeside):
    other = OrganizationFactory(name="Andes Community Clinics")
    organizations = reverse("admin:electives_organization_changelist")
    page = editor_client.get(organizations).text
    assert "Lakeside Health Partners" in page and "Andes Community Clinics" not in page
    own = editor_client.get(reverse("admin:electives_organization_change", args=[lakeside.pk]))
    assert own.status_code == 200 and 'name="editors"' not in own.text
    assert (
        editor_client.get(
            reverse("admin:electives_organization_change", args=[other.pk])
        ).status_code
        == 302  # "does not exist" for them: back to the admin index
    )
    for name in [
        "admin:electives_organization_add",
        "admin:electives_traveladvisory_changelist",
        "admin:electives_specialty_add",
        "admin:guide_resource_changelist",
        "admin:auth_user_changelist",
        "admin:electives_elective_review",
    ]:
        assert editor_client.get(reverse(name)).status_code == 403, name


def test_a_curator_can_revert_a_sponsor_edit(client, lakeside, editor):
    elective = PublishedElectiveFactory(organization=lakeside, title="Original title")
    client.force_login(editor)
    client.post(change_url(elective), elective_form_data(elective, title="Sponsor's title"))
    client.force_login(CuratorFactory())
    original = elective.history.earliest()
    url = reverse("admin:electives_elective_simple_history", args=[elective.pk, original.pk])
    seen = client.get(url).context[SEEN]  # today's values, as the revert page shows them
    assert (
        client.post(url, {**elective_form_data(original.instance), SEEN: seen}).status_code == 302
    )
    elective.refresh_from_db()
    assert elective.title == "Original title"


def test_they_preview_their_own_drafts_only(editor_client, lakeside):
    own = DraftElectiveFactory(organization=lakeside, title="Our draft")
    other = DraftElectiveFactory(title="Another sponsor's draft")
    preview = editor_client.get(own.get_absolute_url())
    assert preview.status_code == 200 and "Draft preview." in preview.text
    assert editor_client.get(other.get_absolute_url()).status_code == 404


def test_they_cannot_read_another_sponsors_history(editor_client):
    other = PublishedElectiveFactory()
    url = reverse("admin:electives_elective_history", args=[other.pk])
    assert editor_client.get(url).status_code == 403
    version = other.history.earliest()
    url = reverse("admin:electives_elective_simple_history", args=[other.pk, version.pk])
    assert editor_client.get(url).status_code == 404  # not theirs: as if it did not exist


def test_they_cannot_import_a_csv(editor_client, lakeside):
    """An import may touch any sponsor's electives and give any status: curators only."""
    other = PublishedElectiveFactory(slug="someone-elses", title="Someone else's")
    url = reverse("admin:electives_elective_import")
    assert editor_client.get(url).status_code == 403
    upload = io.BytesIO(b"slug,title,status\nsomeone-elses,Hijacked,archived\n")
    upload.name = "x.csv"
    assert editor_client.post(url, {"file": upload}).status_code == 403
    other.refresh_from_db()
    assert other.title == "Someone else's" and other.status == Status.PUBLISHED
    changelist = editor_client.get(reverse("admin:electives_elective_changelist")).text
    assert url not in changelist


def test_they_cannot_read_or_revert_another_sponsors_profile(editor_client):
    other = OrganizationFactory(
        name="Andes Community Clinics",
        description="Rural clinics since 1998.",
        website="https://andes.example.org/",
        contact="Dr. Rosa Quispe",
    )
    version = other.history.earliest()
    history = reverse("admin:electives_organization_history", args=[other.pk])
    revert = reverse("admin:electives_organization_simple_history", args=[other.pk, version.pk])
    assert editor_client.get(history).status_code == 403
    assert editor_client.get(revert).status_code == 404
    data = {
        "name": "Andes Community Clinics",
        "slug": other.slug,
        "kind": other.kind,
        "country": other.country.code,
        "description": "Send your fees to us instead.",
        "website": "https://phish.example.net/",
        "contact": "Mallory",
    }
    assert editor_client.post(revert, data).status_code == 404
    other.refresh_from_db()
    assert (other.description, other.website, other.contact) == (
        "Rural clinics since 1998.",
        "https://andes.example.org/",
        "Dr. Rosa Quispe",
    )
