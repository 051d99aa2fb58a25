"""Report a problem: stored with the elective, e-mailed to curators, resolved in the admin."""

import lxml.html
import pytest
from django.core import mail
from django.core.cache import caches

from residents.models import ProblemReport
from tests.factories import CuratorFactory, DraftElectiveFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db

MESSAGE = "The application link answers 404 <script>alert(1)</script>"


@pytest.fixture(autouse=True)
def curators(settings):
    settings.CURATOR_EMAILS = ["gme@example.org", "curator@example.org"]


@pytest.fixture
def elective():
    return PublishedElectiveFactory(slug="kisumu", title="Kisumu Wards")


def report(client, capture, **data):
    data = {"kind": "broken-link", "message": MESSAGE, "website": "", **data}
    with capture(execute=True):
        return client.post("/electives/kisumu/report/", data)


def test_a_report_is_stored_and_reaches_the_curators(
    client, elective, django_capture_on_commit_callbacks
):
    form = client.get("/electives/kisumu/report/")
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
    response = report(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "reached the curators" in response.content.decode()
    stored = ProblemReport.objects.get()
    assert (stored.elective, stored.kind, stored.message) == (elective, "broken-link", MESSAGE)
    assert stored.resolved_at is None

    (message,) = mail.outbox
    assert message.to == ["gme@example.org", "curator@example.org"]
    assert "Broken link" in message.subject and "Kisumu Wards" in message.subject
    assert MESSAGE in message.body  # plain text stays as typed
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_only_published_electives_take_reports(client):
    DraftElectiveFactory(slug="draft")
    assert client.get("/electives/draft/report/").status_code == 404


def test_a_missing_message_keeps_the_choice(client, elective, django_capture_on_commit_callbacks):
    response = report(client, django_capture_on_commit_callbacks, message="", kind="safety")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your form was not sent" in page
    checked = lxml.html.fromstring(page).xpath("//input[@name='kind'][@checked]/@value")
    assert checked == ["safety"]
    assert not ProblemReport.objects.exists() and mail.outbox == []


def test_the_honeypot_refuses_with_a_clear_message_and_keeps_the_text(
    client, elective, django_capture_on_commit_callbacks
):
    response = report(client, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "looked automated" in page
    assert "The application link answers 404 &lt;script&gt;" in page  # kept, escaped
    assert not ProblemReport.objects.exists()


def test_too_long_a_message_is_refused(client, elective, django_capture_on_commit_callbacks):
    response = report(client, django_capture_on_commit_callbacks, message="x" * 2001)
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()


def test_the_rate_limit_refuses_with_a_clear_message(
    client, elective, settings, django_capture_on_commit_callbacks
):
    settings.FORM_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert report(client, django_capture_on_commit_callbacks).status_code == 200
    response = report(client, django_capture_on_commit_callbacks, message="A fourth report")
    assert response.status_code == 429
    page = response.content.decode()
    assert "several forms in a short time" in page
    assert "A fourth report" in page
    assert ProblemReport.objects.count() == 3
    # Another address is not held back.
    other = client.post(
        "/electives/kisumu/report/",
        {"kind": "other", "message": "Hello"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 200


def test_the_rate_limit_holds_on_the_shared_redis_cache(
    client, elective, settings, redis_url, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        },
    }
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    settings.FORM_RATE_LIMIT = "2/h"
    assert type(caches["ratelimit"]).__name__ == "RedisCache"
    caches["ratelimit"].clear()
    codes = [report(client, django_capture_on_commit_callbacks).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    caches["ratelimit"].clear()


def test_curators_see_open_reports_and_resolve_them(
    client, elective, django_capture_on_commit_callbacks
):
    report(client, django_capture_on_commit_callbacks)
    other = PublishedElectiveFactory(slug="eldoret", title="Eldoret Wards")
    ProblemReport.objects.create(elective=other, kind="outdated", message="Fee changed")
    client.force_login(CuratorFactory())

    def listed(query):
        page = client.get(f"/admin/residents/problemreport/?{query}").content
        return lxml.html.fromstring(page).xpath("//table[@id='result_list']/tbody")[0]

    rows = listed("state=open")
    assert "Kisumu Wards" in rows.text_content() and "Eldoret Wards" in rows.text_content()
    assert f"/admin/electives/elective/{elective.pk}/change/" in rows.xpath(".//a/@href")
    # Open reports per elective.
    by_elective = listed(f"state=open&elective__id__exact={elective.pk}").text_content()
    assert "Kisumu Wards" in by_elective and "Eldoret Wards" not in by_elective

    first = ProblemReport.objects.get(elective=elective)
    response = client.post(
        "/admin/residents/problemreport/",
        {"action": "mark_resolved", "_selected_action": [first.pk]},
        follow=True,
    )
    assert "1 report resolved" in response.content.decode()
    rows = listed("state=open").text_content()
    assert "Eldoret Wards" in rows and "Kisumu Wards" not in rows
    assert "Kisumu Wards" in listed("state=resolved").text_content()
