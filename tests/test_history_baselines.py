"""Every elective, sponsor, resource and debrief has a first history record, whoever made
it, saying who or what did; so the first edit of any of them shows and reverts."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from curation.models import VerificationRequest
from curation.verification import apply_answers, expire_stale
from debriefs.models import Debrief
from electives.models import Elective, Organization
from guide.models import Resource
from tests.admin_forms import elective_form_data
from tests.factories import (
    CuratorFactory,
    DebriefFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SpecialtyFactory,
)
from tests.test_csv_import import make_csv
from tests.test_suggest import VALID
from web.conflicts import SEEN

pytestmark = pytest.mark.django_db

baselines = importlib.import_module("curation.migrations.0003_curation_history_baselines")


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory(username="ana"))
    return client


def first_edit_reverts(client, elective):
    """Edit the title and the specialties, see the change on the History page, revert."""
    title, specialties = elective.title, [s.pk for s in elective.specialties.all()]
    [baseline] = elective.history.all()
    other = SpecialtyFactory(name="Tropical Medicine", slug="tropical-medicine")
    change = reverse("admin:electives_elective_change", args=[elective.pk])
    data = elective_form_data(elective, title="Edited title", specialties=[other.pk])
    data["unstated_confirmed"] = "on"
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    history = client.get(reverse("admin:electives_elective_history", args=[elective.pk])).text
    assert title in history and "Edited title" in history  # the Changes column, old and new
    revert = reverse("admin:electives_elective_simple_history", args=[elective.pk, baseline.pk])
    data = elective_form_data(baseline.instance, specialties=specialties)
    data["unstated_confirmed"] = "on"
    data[SEEN] = client.get(revert).context[SEEN]  # today's values, as the page shows them
    assert client.post(revert, data).status_code == 302
    elective.refresh_from_db()
    assert elective.title == title
    assert sorted(s.pk for s in elective.specialties.all()) == sorted(specialties)


def test_seed_data_has_first_records_that_say_so_and_its_first_edit_reverts(curator_client):
    call_command("seed_demo", "--electives", "4", "--seed", "7", stdout=io.StringIO())
    for elective in Elective.objects.all():
        assert [(r.history_type, r.history_change_reason) for r in elective.history.all()] == [
            ("+", "seed data")
        ]
    for sponsor in Organization.objects.all():
        assert sponsor.history.earliest().history_change_reason == "seed data"
    elective = Elective.objects.filter(specialties__isnull=False).first()
    first_edit_reverts(curator_client, elective)


def test_an_imported_elective_says_who_imported_it_and_its_first_edit_reverts(
    curator_client,
):
    SpecialtyFactory(name="Pediatrics", slug="pediatrics")
    OrganizationFactory(name="Northfield Health Partners")
    import_page = reverse("admin:electives_elective_import")
    upload = SimpleUploadedFile(
        "e.csv", make_csv({"slug": "gulu", "specialties": "pediatrics"}).encode()
    )
    token = curator_client.post(import_page, {"file": upload}).context["token"]
    curator_client.post(import_page, {"token": token, "apply": "1"})
    elective = Elective.objects.get(slug="gulu")
    [record] = elective.history.all()
    assert record.history_change_reason == "CSV import by ana"
    page = curator_client.get(reverse("admin:electives_elective_history", args=[elective.pk]))
    assert "CSV import by ana" in page.text
    first_edit_reverts(curator_client, elective)


def test_the_migration_gives_rows_without_history_a_first_record(curator_client):
    pediatrics = SpecialtyFactory(name="Pediatrics", slug="pediatrics")
    [sponsor] = Organization.objects.bulk_create([Organization(name="Old Sponsor", slug="old")])
    [elective] = Elective.objects.bulk_create(
        [
            Elective(
                title="Written before history",
                slug="before",
                category="clinical",
                organization=sponsor,
                country="KE",
                weeks_min=4,
                weeks_max=4,
                url="https://example.org/before",
                summary="Old.",
                status="published",
            )
        ]
    )
    Elective.specialties.through.objects.bulk_create(
        [Elective.specialties.through(elective=elective, specialty=pediatrics)]
    )
    Resource.objects.bulk_create(
        [
            Resource(
                title="Bulk resource",
                url="https://cdc.example.org",
                description="x",
                topic="safety",
            )
        ]
    )
    debrief = DebriefFactory()
    debrief.history.all().delete()
    kept = Elective.history.count()

    baselines.baselines(apps, None)
    baselines.baselines(apps, None)  # a second run adds nothing

    for item in (sponsor, elective, Resource.objects.get(title="Bulk resource"), debrief):
        [record] = item.history.all()
        assert (record.history_type, record.history_change_reason) == (
            "+",
            "on file before history was kept",
        )
    assert Elective.history.count() == kept + 1
    assert [s.specialty for s in elective.history.get().specialties.all()] == [pediatrics]
    first_edit_reverts(curator_client, elective)


def test_a_debrief_says_the_participant_sent_it(client, settings):
    settings.CURATOR_EMAILS = []
    from debriefs import review
    from debriefs.models import DebriefLink

    elective = PublishedElectiveFactory()
    link = DebriefLink.objects.create(elective=elective, email="p@example.org")
    review.submit(link, DebriefFactory.build(elective=elective))
    [record] = Debrief.objects.get().history.all()
    assert record.history_change_reason == "sent by the participant (debrief link)"


def test_after_migrating_nothing_is_without_a_first_record():
    # The resources seeded by guide's migrations among them.
    for model in (Elective, Organization, Resource, Debrief):
        recorded = model.history.values("id")
        assert not model.objects.exclude(pk__in=recorded).exists(), model
    assert Resource.objects.exists()


def test_sponsors_made_by_an_import_or_a_suggestion_say_so(client, settings, run_import):
    settings.CURATOR_EMAILS = []
    ok, _, err = run_import(make_csv({"organization": "Brand New Sponsor", "specialties": ""}))
    assert ok, err
    imported = Organization.objects.get(name="Brand New Sponsor").history.get()
    assert imported.history_change_reason == "CSV import on the server"
    client.post("/suggest/", {**VALID, "organization_name": "Suggested Sponsor"})
    suggested = Organization.objects.get(name="Suggested Sponsor").history.get()
    assert suggested.history_change_reason == "named in a suggestion from the public"


def test_a_sponsors_confirmation_and_an_expiry_say_what_changed_the_elective():
    elective = PublishedElectiveFactory(last_verified=datetime.date(2020, 1, 1))
    request = VerificationRequest.objects.create(
        organization=elective.organization, email="intl@example.org"
    )
    apply_answers(request, {elective: None})
    assert elective.history.first().history_change_reason == (
        "verified by the sponsor (intl@example.org)"
    )
    Elective.objects.filter(pk=elective.pk).update(last_verified=datetime.date(2020, 1, 1))
    expire_stale(months=24)
    assert elective.history.first().history_change_reason == (
        "expire_stale: not verified for 24 months"
    )
