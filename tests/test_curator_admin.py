import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from electives.models import Elective, Status
from tests.factories import CuratorFactory, ElectiveFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def test_curators_group_manages_exactly_the_directory_models():
    codenames = set(
        Group.objects.get(name="Curators").permissions.values_list("codename", flat=True)
    )
    for model in ["elective", "organization", "specialty", "traveladvisory"]:
        for action in ["add", "change", "delete", "view"]:
            assert f"{action}_{model}" in codenames
    assert not any(name.endswith(("_user", "_group", "_permission")) for name in codenames)


def test_curator_sees_the_elective_changelist(curator_client):
    ElectiveFactory(title="Pediatrics in Kigali", country="RW")
    response = curator_client.get(reverse("admin:electives_elective_changelist"))
    assert response.status_code == 200
    assert "Pediatrics in Kigali" in response.text


def test_curator_cannot_open_the_user_admin(curator_client):
    assert curator_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert curator_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_curator_can_add_an_elective_through_the_form(curator_client):
    organization = OrganizationFactory()
    response = curator_client.post(
        reverse("admin:electives_elective_add"),
        {
            "title": "Neurology in Lima",
            "slug": "",
            "status": "draft",
            "category": "clinical",
            "summary": "Stroke clinic and wards.",
            "description": "",
            "organization": organization.pk,
            "country": "PE",
            "city": "Lima",
            "url": "https://example.org/neuro",
            "contact_email": "",
            "weeks_min": "4",
            "weeks_max": "2",
            "cost_usd": "",
            "deadline": "",
            "last_verified": "",
        },
    )
    assert response.status_code == 200  # the form comes back with the error
    assert "The longest stay must be at least the shortest stay." in response.text
    assert not Elective.objects.exists()


def test_autocomplete_finds_organizations_for_curators(curator_client):
    OrganizationFactory(name="Riverbend Health Partners")
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Riverbend",
            "app_label": "electives",
            "model_name": "elective",
            "field_name": "organization",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Riverbend Health Partners"]


def test_autocomplete_finds_languages_for_curators(curator_client):
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Swahili",
            "app_label": "electives",
            "model_name": "elective",
            "field_name": "languages",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == ["sw"]


def run_action(client, action, electives):
    return client.post(
        reverse("admin:electives_elective_changelist"),
        {"action": action, "_selected_action": [e.pk for e in electives]},
        follow=True,
    )


def test_publish_action_publishes_and_stamps(curator_client):
    drafts = [ElectiveFactory(status=Status.DRAFT), ElectiveFactory(status=Status.IN_REVIEW)]
    untouched = ElectiveFactory(status=Status.DRAFT)
    response = run_action(curator_client, "publish", drafts)
    assert "Published 2 elective(s)." in response.text
    for elective in drafts:
        elective.refresh_from_db()
        assert elective.status == Status.PUBLISHED
        assert elective.published_at is not None
    untouched.refresh_from_db()
    assert untouched.status == Status.DRAFT


def test_archive_action_archives(curator_client):
    elective = ElectiveFactory(status=Status.PUBLISHED)
    run_action(curator_client, "archive", [elective])
    elective.refresh_from_db()
    assert elective.status == Status.ARCHIVED


def test_mark_verified_today_action(curator_client):
    elective = ElectiveFactory(last_verified=None)
    run_action(curator_client, "mark_verified_today", [elective])
    elective.refresh_from_db()
    assert elective.last_verified == timezone.localdate()


def test_changelist_shows_rolling_for_empty_deadline(curator_client):
    ElectiveFactory(deadline=None)
    response = curator_client.get(reverse("admin:electives_elective_changelist"))
    assert "rolling" in response.text


def test_curator_can_edit_organizations_and_specialties(curator_client):
    assert curator_client.get(reverse("admin:electives_organization_add")).status_code == 200
    assert curator_client.get(reverse("admin:electives_specialty_add")).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("admin:electives_elective_changelist"))
    assert response.status_code == 302
    assert "login" in response["Location"]
