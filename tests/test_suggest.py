"""/suggest/: a valid suggestion becomes an in-review elective, never public until published."""

import lxml.html
import pytest
from django.core import mail

from electives.models import Elective, Status
from residents.models import Suggestion
from tests.listing import api

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Trauma Surgery in Mbarara",
    "organization_name": "Mbarara Surgical Partners",
    "category": "clinical",
    "country": "UG",
    "city": "Mbarara",
    "url": "https://mbarara.example.org/electives",
    "contact_email": "electives@mbarara.example.org",
    "description": "Four weeks on the trauma service.\nPGY-3 and up.",
    "weeks": "4",
    "submitter_name": "Dr. Amina Okello",
    "submitter_email": "amina@example.org",
    "website": "",
}


@pytest.fixture(autouse=True)
def curators(settings):
    settings.CURATOR_EMAILS = ["gme@example.org"]


def suggest(client, capture, **changes):
    with capture(execute=True):
        return client.post("/suggest/", {**VALID, **changes})


def test_a_suggestion_lands_in_review(client, django_capture_on_commit_callbacks):
    assert client.get("/suggest/").status_code == 200
    response = suggest(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "reached the curators" in response.content.decode()

    elective = Elective.objects.get(title="Trauma Surgery in Mbarara")
    assert elective.status == Status.IN_REVIEW
    assert elective.organization.name == "Mbarara Surgical Partners"
    assert (elective.weeks_min, elective.weeks_max) == (4, 4)
    assert elective.summary == "Four weeks on the trauma service."
    suggestion = Suggestion.objects.get(elective=elective)
    assert suggestion.submitter_email == "amina@example.org"

    to_curators, to_submitter = sorted(mail.outbox, key=lambda m: m.to != ["gme@example.org"])
    assert to_curators.to == ["gme@example.org"]
    assert "amina@example.org" in to_curators.body and "Trauma Surgery" in to_curators.subject
    assert to_submitter.to == ["amina@example.org"]
    assert "Trauma Surgery in Mbarara" in to_submitter.subject
    assert all(m.alternatives[0][1] == "text/html" for m in mail.outbox)


def test_a_suggestion_is_never_public(client, django_capture_on_commit_callbacks):
    suggest(client, django_capture_on_commit_callbacks)
    slug = Elective.objects.get().slug
    assert client.get(f"/electives/{slug}/").status_code == 404
    assert api(client)["count"] == 0
    assert "Trauma Surgery" not in client.get("/electives/export.csv").content.decode()
    assert "Mbarara Surgical Partners" not in client.get("/organizations/").content.decode()
    # The submitter's address appears on no public page.
    for path in ("/", "/electives/", f"/electives/{slug}/"):
        assert "amina@example.org" not in client.get(path).content.decode()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.org/", "not a url"])
def test_only_http_urls(client, url, django_capture_on_commit_callbacks):
    response = suggest(client, django_capture_on_commit_callbacks, url=url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Web page with the details" in page and "valid URL" in page
    # Everything typed is still there.
    assert 'value="Trauma Surgery in Mbarara"' in page
    assert "Four weeks on the trauma service." in page
    assert not Elective.objects.exists() and mail.outbox == []


def test_length_limits(client, django_capture_on_commit_callbacks):
    response = suggest(
        client, django_capture_on_commit_callbacks, title="T" * 201, description="d" * 5001
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 200 characters" in page and "at most 5000 characters" in page


def test_the_honeypot_refuses(client, django_capture_on_commit_callbacks):
    response = suggest(client, django_capture_on_commit_callbacks, website="buy now")
    assert response.status_code == 400
    assert "looked automated" in response.content.decode()
    assert not Elective.objects.exists()


def test_text_is_stored_as_typed_and_shown_escaped(client, django_capture_on_commit_callbacks):
    title = "<b>Bold</b> & Surgery"
    response = suggest(client, django_capture_on_commit_callbacks, title=title)
    assert Elective.objects.get().title == title
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Surgery" in response.content.decode()


def test_the_mail_server_being_down_loses_nothing(
    client, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    response = suggest(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert Suggestion.objects.count() == 1
    assert "not sent" in caplog.text


def test_the_form_marks_required_fields_and_names_its_empty_choices(client):
    doc = lxml.html.fromstring(client.get("/suggest/").content)
    required = {label.get("for") for label in doc.xpath('//label[@class="required"]')}
    assert {"id_title", "id_category", "id_country", "id_submitter_email"} <= required
    assert not {"id_city", "id_contact_email", "id_website"} & required  # optional, honeypot
    # Each required label's field says so to screen readers too.
    for field_id in required:
        assert doc.get_element_by_id(field_id).get("required") is not None, field_id
    empty = {select.get("name"): select.xpath("option")[0].text for select in doc.xpath("//select")}
    assert empty == {"category": "Choose a category", "country": "Choose a country"}
    assert "---------" not in doc.text_content()


def test_a_refused_form_keeps_the_named_empty_choice(client, django_capture_on_commit_callbacks):
    response = suggest(client, django_capture_on_commit_callbacks, category="", country="")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<option value="" selected>Choose a category</option>' in page
    assert 'value="Trauma Surgery in Mbarara"' in page
