"""A suggestion leaves facts unsaid: the site says "not stated" for them, never a default
that reads as a fact, and publishing one asks the curator to confirm."""

import re

import pytest
from django.urls import reverse

from electives.models import Elective, Status
from tests.admin_forms import elective_form_data
from tests.factories import CuratorFactory, PublishedElectiveFactory
from tests.listing import api

pytestmark = pytest.mark.django_db

SUGGESTION = {
    "title": "Trauma Surgery in Mbarara",
    "organization_name": "Mbarara Surgical Partners",
    "category": "clinical",
    "country": "UG",
    "city": "Mbarara",
    "url": "https://mbarara.example.org/electives",
    "description": "Four weeks on the trauma service.",
    "weeks": "4",
    "submitter_name": "Dr. Amina Okello",
    "submitter_email": "amina@example.org",
}
DEFAULTS_READ_AS_FACTS = [
    "Open to all specialties",
    "Any PGY",
    "Not provided",
    "English only",
    "Rolling admission",
]


@pytest.fixture
def curator_client(client, settings):
    settings.CURATOR_EMAILS = []
    client.force_login(CuratorFactory())
    return client


def suggested(client, **answers):
    response = client.post("/suggest/", {**SUGGESTION, **answers})
    assert response.status_code == 200, response.text
    return Elective.objects.get(title=SUGGESTION["title"])


def facts(page):
    """{label: value} of the detail page's "At a glance"."""
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page, re.S)
    return {label: re.sub(r"<[^>]+>", "", value).strip() for label, value in pairs}


def decide(client, elective, **data):
    url = reverse("admin:electives_elective_decide", args=[elective.pk])
    return client.post(url, {"decision": "publish", "note": "", **data}, follow=True)


def test_what_the_submitter_did_not_say_reads_not_stated(curator_client):
    elective = suggested(curator_client)
    assert set(elective.unstated) == {"housing", "pgy", "specialties", "languages", "deadline"}
    shown = facts(curator_client.get(elective.get_absolute_url()).text)
    assert shown["Specialties"] == "Not stated"
    assert shown["Who can apply"] == "Not stated"
    assert shown["Housing"] == "Not stated"
    assert shown["Languages"] == "Not stated"
    assert shown["Application deadline"].startswith("Deadline not stated")
    for default in DEFAULTS_READ_AS_FACTS:
        assert default not in " ".join(shown.values())


def test_what_the_submitter_said_is_kept(curator_client):
    elective = suggested(
        curator_client, pgy_min="2", cost_usd="500", housing_answer="yes", deadline="2031-03-01"
    )
    assert (elective.pgy_min, elective.cost_usd, elective.housing) == (2, 500, True)
    assert set(elective.unstated) == {"specialties", "languages"}
    shown = facts(curator_client.get(elective.get_absolute_url()).text)
    assert (shown["Who can apply"], shown["Housing"]) == ("PGY-2 and above", "Provided")


def test_the_queue_warns_and_publishing_needs_a_confirmation(curator_client, client):
    elective = suggested(curator_client, housing_answer="no")
    queue = curator_client.get(reverse("admin:electives_elective_review")).text
    assert "Not stated yet:" in queue and "PGY, specialties, languages, deadline" in queue

    refused = decide(curator_client, elective)
    assert "not published. Not stated yet: PGY, specialties" in refused.text
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW

    decide(curator_client, elective, unstated_confirmed="on")
    elective.refresh_from_db()
    assert elective.status == Status.PUBLISHED
    # Every public surface says "not stated" (the JSON lists the facts).
    client.logout()
    assert (
        facts(client.get(elective.get_absolute_url()).text)["Housing"]
        == "Not provided: arrange your own"
    )
    card = client.get("/electives/").text
    assert "<dt>Who</dt><dd>Not stated</dd>" in card
    assert "<dt>Specialties</dt><dd>Not stated</dd>" in card
    other = PublishedElectiveFactory()
    compare = client.get(f"/compare/?e={elective.slug},{other.slug}").text
    assert '<td data-label="Trauma Surgery in Mbarara">Not stated</td>' in compare
    [result] = [r for r in api(client)["results"] if r["slug"] == elective.slug]
    assert result["unstated"] == ["pgy", "specialties", "languages", "deadline"]


def test_the_admin_asks_for_the_confirmation_and_setting_a_fact_states_it(curator_client):
    elective = suggested(curator_client)
    url = reverse("admin:electives_elective_change", args=[elective.pk])
    data = elective_form_data(elective, status="published", unstated=elective.unstated)
    refused = curator_client.post(url, data)
    assert refused.status_code == 200
    assert "Not stated yet: housing, PGY" in refused.text
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW

    # Setting housing and the PGY states them, whatever boxes are left ticked.
    data.update(housing="on", pgy_min="2", unstated_confirmed="on")
    assert curator_client.post(url, data).status_code == 302
    elective.refresh_from_db()
    assert elective.status == Status.PUBLISHED
    assert elective.unstated == ["specialties", "languages", "deadline"]


def test_the_bulk_publish_action_leaves_unstated_ones(curator_client):
    elective = suggested(curator_client)
    response = curator_client.post(
        reverse("admin:electives_elective_changelist"),
        {"action": "publish", "_selected_action": [elective.pk]},
        follow=True,
    )
    assert "Not published, because some facts are not stated yet" in response.text
    elective.refresh_from_db()
    assert elective.status == Status.IN_REVIEW
