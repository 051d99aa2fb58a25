import datetime

import pytest
from django.urls import reverse

from electives.models import Elective
from guide.models import Resource
from tests.admin_forms import as_shown, elective_form_data
from tests.factories import (
    CuratorFactory,
    DraftElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SpecialtyFactory,
    SponsorEditorFactory,
    TravelAdvisoryFactory,
)
from web.conflicts import SEEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return CuratorFactory(username="ana")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def change(client, elective, **changes):
    response = client.post(
        reverse("admin:electives_elective_change", args=[elective.pk]),
        elective_form_data(elective, **changes),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    elective.refresh_from_db()
    return response


def test_an_admin_edit_records_who_changed_what(curator_client, curator):
    elective = PublishedElectiveFactory(cost_usd=500)
    change(curator_client, elective, cost_usd="750")
    latest = elective.history.first()
    assert latest.history_user == curator
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("cost_usd", 500, 750)]


def test_the_history_page_shows_the_diff(curator_client):
    elective = PublishedElectiveFactory(city="Kisumu")
    change(curator_client, elective, city="Eldoret")
    page = curator_client.get(reverse("admin:electives_elective_history", args=[elective.pk]))
    assert page.status_code == 200
    assert "Kisumu" in page.text and "Eldoret" in page.text
    assert "ana" in page.text


def test_saving_the_form_untouched_records_no_change(curator_client):
    # The browser sends the Markdown description with CRLF line endings.
    elective = PublishedElectiveFactory(description="## Wards\n\nRounds at 8.\n\nClinics.")
    before = elective.history.count()
    change(curator_client, elective)
    assert elective.description == "## Wards\n\nRounds at 8.\n\nClinics."
    assert elective.history.count() == before


def test_a_specialty_change_is_recorded(curator_client):
    elective = PublishedElectiveFactory()
    pediatrics = SpecialtyFactory(name="Pediatrics", slug="pediatrics")
    change(curator_client, elective, specialties=[pediatrics.pk])
    latest = elective.history.first()
    assert [s.specialty for s in latest.specialties.all()] == [pediatrics]
    assert "specialties" in [c.field for c in latest.diff_against(latest.prev_record).changes]


def test_revert_brings_back_the_old_version(curator_client):
    elective = PublishedElectiveFactory(title="Surgery in Moshi", cost_usd=300)
    original = elective.history.earliest()
    change(curator_client, elective, title="Surgery in Arusha", cost_usd="900")
    url = reverse("admin:electives_elective_simple_history", args=[elective.pk, original.pk])
    form = curator_client.get(url)
    assert form.status_code == 200 and "Revert" in form.text
    # The form shows the old version; saving it as shown reverts.
    assert 'value="Surgery in Moshi"' in form.text
    data = {**elective_form_data(original.instance), SEEN: form.context[SEEN]}
    response = curator_client.post(url, data)
    assert response.status_code == 302
    elective.refresh_from_db()
    assert (elective.title, elective.cost_usd) == ("Surgery in Moshi", 300)
    # The public page shows the reverted version on the next request.
    assert "Surgery in Moshi" in curator_client.get(elective.get_absolute_url()).text


@pytest.mark.parametrize(
    "make, edit",
    [
        (lambda: OrganizationFactory(), lambda o: setattr(o, "description", "New text")),
        (lambda: SpecialtyFactory(), lambda s: setattr(s, "name", "Tropical Medicine")),
        (lambda: TravelAdvisoryFactory(), lambda a: setattr(a, "level", 3)),
        (
            lambda: Resource.objects.create(
                title="CDC",
                url="https://wwwnc.cdc.gov/travel",
                description="Vaccines.",
                topic="travel-health",
            ),
            lambda r: setattr(r, "title", "CDC Travelers' Health"),
        ),
    ],
    ids=["organization", "specialty", "advisory", "resource"],
)
def test_every_curated_model_keeps_history(make, edit):
    item = make()
    edit(item)
    item.save()
    item.save()  # the same again: no second record
    assert [r.history_type for r in item.history.all()] == ["~", "+"]


@pytest.mark.parametrize(
    "make",
    [
        OrganizationFactory,
        SpecialtyFactory,
        TravelAdvisoryFactory,
        lambda: Resource.objects.create(
            title="CDC",
            url="https://wwwnc.cdc.gov/travel",
            description="Vaccines.",
            topic="travel-health",
        ),
    ],
    ids=["organization", "specialty", "advisory", "resource"],
)
def test_each_history_page_opens_for_curators(curator_client, make):
    item = make()
    opts = item._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[item.pk])
    response = curator_client.get(url)
    assert response.status_code == 200
    assert "Created" in response.text


def test_one_admin_save_makes_one_record(curator_client):
    elective = PublishedElectiveFactory(title="Surgery in Moshi")
    before = elective.history.count()
    pediatrics = SpecialtyFactory(name="Pediatrics", slug="pediatrics")
    change(curator_client, elective, title="Surgery in Arusha", specialties=[pediatrics.pk])
    assert elective.history.count() == before + 1
    latest = elective.history.first()
    changed = {c.field for c in latest.diff_against(latest.prev_record).changes}
    assert changed == {"title", "specialties"}


def test_revert_brings_back_the_old_specialties(curator_client):
    pediatrics = SpecialtyFactory(name="Pediatrics", slug="pediatrics")
    surgery = SpecialtyFactory(name="Surgery", slug="surgery")
    elective = PublishedElectiveFactory(specialties=[pediatrics])
    original = elective.history.first()
    change(curator_client, elective, specialties=[surgery.pk])
    url = reverse("admin:electives_elective_simple_history", args=[elective.pk, original.pk])
    form = curator_client.get(url)
    # The form shows the old version's specialties, not today's.
    assert form.context["adminform"].form["specialties"].value() == [pediatrics.pk]
    data = elective_form_data(original.instance, specialties=[pediatrics.pk])
    data[SEEN] = form.context[SEEN]  # today's values, which the revert page showed it over
    assert curator_client.post(url, data).status_code == 302
    assert list(elective.specialties.all()) == [pediatrics]
    assert elective.history.first().history_user is not None


def test_a_suggestion_is_shown_as_suggested_by_the_public(curator_client, settings):
    settings.CURATOR_EMAILS = []
    curator_client.post(
        "/suggest/",
        {
            "title": "Trauma Surgery in Mbarara",
            "organization_name": "Mbarara Surgical Partners",
            "category": "clinical",
            "country": "UG",
            "url": "https://mbarara.example.org/electives",
            "description": "Four weeks on the trauma service.",
            "weeks": "4",
            "submitter_name": "Dr. Amina Okello",
            "submitter_email": "amina@example.org",
        },
    )
    elective = Elective.objects.get(title="Trauma Surgery in Mbarara")
    page = curator_client.get(reverse("admin:electives_elective_history", args=[elective.pk]))
    assert "suggested by the public" in page.text
    assert "None" not in page.text


def test_revert_brings_back_an_organizations_old_profile(curator_client):
    old = ("Rural clinics since 1998.", "https://old.example.org/", "Dr. Rosa Quispe")
    organization = OrganizationFactory(
        name="Andes Community Clinics", description=old[0], website=old[1], contact=old[2]
    )
    original = organization.history.earliest()
    change_url = reverse("admin:electives_organization_change", args=[organization.pk])
    new = {
        "description": "Taken over.",
        "website": "https://new.example.org/",
        "contact": "Someone else",
    }
    response = curator_client.post(change_url, as_shown(curator_client.get(change_url), **new))
    assert response.status_code == 302
    url = reverse(
        "admin:electives_organization_simple_history", args=[organization.pk, original.pk]
    )
    form = curator_client.get(url)
    shown = form.context["adminform"].form
    assert shown["description"].value() == old[0] and "Taken over." not in shown.as_p()
    assert curator_client.post(url, as_shown(form)).status_code == 302
    organization.refresh_from_db()
    assert (organization.description, organization.website, organization.contact) == old
    latest = organization.history.first()
    assert latest.history_user is not None
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} == set(new)


def test_a_revert_keeps_what_the_reverter_may_not_edit(client):
    """A sponsor editor may revert their own elective's text; the curators' fields (the
    review note, the date it was last verified) keep today's values."""
    organization = OrganizationFactory()
    elective = DraftElectiveFactory(organization=organization, title="Surgery in Moshi")
    original = elective.history.earliest()
    elective.title = "Surgery in Arusha"
    elective.review_note = "Say who supervises residents at night."
    elective.last_verified = datetime.date(2026, 11, 2)
    elective.save()
    client.force_login(SponsorEditorFactory(organizations=[organization]))
    url = reverse("admin:electives_elective_simple_history", args=[elective.pk, original.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="Surgery in Moshi"' in form.text
    assert client.post(url, as_shown(form)).status_code == 302
    elective.refresh_from_db()
    assert elective.title == "Surgery in Moshi"
    assert elective.review_note == "Say who supervises residents at night."
    assert elective.last_verified == datetime.date(2026, 11, 2)


def test_a_revert_over_a_change_saved_meanwhile_is_refused(curator_client):
    elective = PublishedElectiveFactory(title="Surgery in Moshi")
    original = elective.history.earliest()
    change(curator_client, elective, title="Surgery in Arusha")
    url = reverse("admin:electives_elective_simple_history", args=[elective.pk, original.pk])
    form = curator_client.get(url)
    change(curator_client, elective, title="Surgery in Dodoma")  # another curator, meanwhile
    data = {**elective_form_data(original.instance), SEEN: form.context[SEEN]}
    refused = curator_client.post(url, data)
    assert refused.status_code == 200 and "while you were editing it" in refused.text
    elective.refresh_from_db()
    assert elective.title == "Surgery in Dodoma"
