"""Two people editing one elective in the admin: the second to save sees what the first
changed, with the new values, instead of undoing it; what they typed stays in the form."""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from electives.models import Elective
from tests.admin_forms import elective_form_data
from tests.concurrency import Meeting, at_once
from tests.factories import (
    CuratorFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
    SponsorEditorFactory,
    UserFactory,
)
from tests.test_csv_import import make_csv
from web.history import NormalisedTextForm

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(obj):
    return reverse(f"admin:electives_{obj._meta.model_name}_change", args=[obj.pk])


def opened(client, obj):
    """The change form's hidden record of the values it shows."""
    page = client.get(change_url(obj))
    assert page.status_code == 200
    [seen] = lxml.html.fromstring(page.text).xpath("//form//input[@name='seen']/@value")
    return seen


def field_value(response, name):
    [value] = lxml.html.fromstring(response.text).xpath(f"//input[@name='{name}']/@value")
    return value


@pytest.fixture
def elective():
    return PublishedElectiveFactory(title="Surgery in Kisumu", cost_usd=400)


def test_the_second_curator_to_save_sees_the_change_and_keeps_what_they_typed(elective):
    ada = signed_in(CuratorFactory(username="ada"))
    grace = signed_in(CuratorFactory(username="grace"))
    seen_by_grace = opened(grace, elective)
    seen_by_ada = opened(ada, elective)
    saved = ada.post(
        change_url(elective), elective_form_data(elective, cost_usd="900", seen=seen_by_ada)
    )
    assert saved.status_code == 302

    typed = "Surgery and Trauma in Kisumu"
    refused = grace.post(
        change_url(elective), elective_form_data(elective, title=typed, seen=seen_by_grace)
    )
    assert refused.status_code == 200
    page = refused.text
    assert "was saved by ada while you were editing it, changing: Program fee" in page
    assert "Saved meanwhile as: 900" in page
    assert field_value(refused, "title") == typed
    assert field_value(refused, "cost_usd") == "400"  # what grace's form had, kept
    elective.refresh_from_db()
    assert (elective.title, elective.cost_usd) == ("Surgery in Kisumu", 900)

    # Shown again, the form knows the values saved now: grace keeps both changes.
    again = grace.post(
        change_url(elective),
        elective_form_data(elective, title=typed, seen=field_value(refused, "seen")),
    )
    assert again.status_code == 302
    elective.refresh_from_db()
    assert (elective.title, elective.cost_usd) == (typed, 900)


def test_a_save_that_nobody_crossed_goes_through(elective):
    ada = signed_in(CuratorFactory(username="ada"))
    seen = opened(ada, elective)
    response = ada.post(change_url(elective), elective_form_data(elective, cost_usd="0", seen=seen))
    assert response.status_code == 302
    elective.refresh_from_db()
    assert elective.cost_usd == 0


def test_an_import_landing_while_the_form_is_open_is_not_undone(run_import):
    ok, _, err = run_import(make_csv({"slug": "gulu", "cost_usd": "400"}))
    assert ok, err
    ada = signed_in(CuratorFactory(username="ada"))
    elective = Elective.objects.get(slug="gulu")
    seen = opened(ada, elective)
    ok, _, err = run_import(make_csv({"slug": "gulu", "cost_usd": "1200"}))
    assert ok, err
    refused = ada.post(change_url(elective), elective_form_data(elective, city="Lira", seen=seen))
    assert refused.status_code == 200
    assert "was saved by a CSV import on the server while you were editing it" in refused.text
    assert "Saved meanwhile as: 1200" in refused.text
    elective.refresh_from_db()
    assert (elective.cost_usd, elective.city) == (1200, "Gulu")


def test_a_sponsor_editor_is_told_of_a_curators_change_too():
    lakeside = OrganizationFactory(name="Lakeside Health Partners", description="Old words")
    elective = PublishedElectiveFactory(organization=lakeside, summary="Four weeks")
    editor = signed_in(SponsorEditorFactory(username="lakeside-editor", organizations=[lakeside]))
    seen_elective, seen_profile = opened(editor, elective), opened(editor, lakeside)

    # A curator's edits meanwhile.
    elective.summary = "Six weeks"
    elective.save()
    lakeside.description = "New words"
    lakeside.save()

    refused = editor.post(
        change_url(elective), elective_form_data(elective, summary="Four weeks", seen=seen_elective)
    )
    assert "Saved meanwhile as: Six weeks" in refused.text
    profile = {
        "name": lakeside.name,
        "slug": lakeside.slug,
        "kind": lakeside.kind,
        "country": lakeside.country.code if lakeside.country else "",
        "website": lakeside.website,
        "contact": lakeside.contact,
        "description": "Old words, edited",
        "seen": seen_profile,
    }
    refused = editor.post(change_url(lakeside), profile)
    assert refused.status_code == 200
    assert "Saved meanwhile as: New words" in refused.text
    lakeside.refresh_from_db()
    assert lakeside.description == "New words"


@pytest.mark.parametrize("seen", [None, "", "not json", "[]", "null"])
def test_a_form_without_its_record_of_what_it_showed_is_refused(elective, seen):
    ada = signed_in(CuratorFactory(username="ada"))
    typed = "Surgery and Trauma in Kisumu"
    data = elective_form_data(elective, title=typed, cost_usd="900")
    if seen is None:
        del data["seen"]
    else:
        data["seen"] = seen
    refused = ada.post(change_url(elective), data)
    assert refused.status_code == 200
    assert "This form arrived without its record of the values it showed" in refused.text
    assert field_value(refused, "title") == typed  # what was typed is kept
    assert field_value(refused, "cost_usd") == "900"
    elective.refresh_from_db()
    assert (elective.title, elective.cost_usd) == ("Surgery in Kisumu", 400)

    # The refused form carries the values saved now: saving it again goes through.
    again = ada.post(
        change_url(elective),
        elective_form_data(
            elective, title=typed, cost_usd="900", seen=field_value(refused, "seen")
        ),
    )
    assert again.status_code == 302
    elective.refresh_from_db()
    assert (elective.title, elective.cost_usd) == (typed, 900)


def test_a_sponsor_profile_without_the_record_is_refused_too():
    lakeside = OrganizationFactory(name="Lakeside Health Partners", description="Old words")
    curator = signed_in(CuratorFactory())
    profile = {"name": lakeside.name, "slug": lakeside.slug, "kind": lakeside.kind,
               "description": "Rewritten"}  # fmt: skip
    refused = curator.post(change_url(lakeside), profile)
    assert refused.status_code == 200
    assert "without its record of the values it showed" in refused.text
    lakeside.refresh_from_db()
    assert lakeside.description == "Old words"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_cannot_both_win(postgres, monkeypatch):
    # PostgreSQL: the row lock is what this tests; SQLite has only a database-wide one.
    elective = PublishedElectiveFactory(title="Surgery in Kisumu", cost_usd=400)
    # Superusers: after an earlier transactional test's flush the migrations' groups are gone.
    ada = signed_in(UserFactory(username="ada", is_staff=True, is_superuser=True))
    grace = signed_in(UserFactory(username="grace", is_staff=True, is_superuser=True))
    forms_sent = [
        (ada, elective_form_data(elective, cost_usd="900", seen=opened(ada, elective))),
        (
            grace,
            elective_form_data(elective, title="Trauma in Kisumu", seen=opened(grace, elective)),
        ),
    ]
    # Both saves have read the elective and validated their fields before either compares.
    meeting = Meeting(2)
    clean = NormalisedTextForm.clean

    def clean_after_meeting(form):
        meeting.wait()
        return clean(form)

    monkeypatch.setattr(NormalisedTextForm, "clean", clean_after_meeting)

    def save(client, data):
        response = client.post(change_url(elective), data)
        return response.status_code, response.text

    results = sorted(at_once(save, *forms_sent))
    assert [code for code, _ in results] == [200, 302]
    assert "while you were editing it, changing:" in results[0][1]
    elective.refresh_from_db()
    # Exactly one of the two changes was saved; the other curator was told.
    assert (elective.title, elective.cost_usd) in [
        ("Surgery in Kisumu", 900),
        ("Trauma in Kisumu", 400),
    ]
