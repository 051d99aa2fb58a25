"""With Redis down, public forms, pages and the admin's CSV import still answer, and keep
what was typed; with Redis up, the forms' rate limit counts there."""

import importlib.util
import logging

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import config.settings
from debriefs.models import DebriefLink
from electives.models import Elective
from residents.models import Alert, ProblemReport, Suggestion
from tests.factories import CuratorFactory, PublishedElectiveFactory
from tests.test_csv_import import make_csv
from tests.test_suggest import VALID

pytestmark = pytest.mark.django_db

IMPORT = "admin:electives_elective_import"


def production_caches(settings, monkeypatch, redis_url):
    """Every cache setting as config/settings.py makes them with REDIS_URL set."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    spec = importlib.util.spec_from_file_location("production_settings", config.settings.__file__)
    production = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(production)
    for name in dir(production):
        if name.isupper() and "CACHE" in name:
            setattr(settings, name, getattr(production, name))
    assert type(caches[settings.RATELIMIT_USE_CACHE]).__name__ == "RedisCache"


@pytest.fixture
def redis_down(settings, monkeypatch):
    # Nothing listens on port 9 (discard): every connection is refused at once.
    production_caches(settings, monkeypatch, "redis://127.0.0.1:9/0")


@pytest.fixture
def redis_up(settings, monkeypatch, redis_url):
    production_caches(settings, monkeypatch, redis_url)
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def elective():
    PublishedElectiveFactory(slug="eldoret", country="KE")
    return PublishedElectiveFactory(slug="kisumu", title="Kisumu Wards", country="KE")


@pytest.fixture(autouse=True)
def curators(settings):
    settings.CURATOR_EMAILS = ["gme@example.org"]


REPORT = {"kind": "broken-link", "message": "The link answers 404", "website": ""}
SUGGESTION = {**VALID, "title": "Rural Surgery in Mbale"}
ALERT = {"country": "KE", "email": "resident@example.org", "frequency": "weekly"}
DEBRIEF = {"email": "went@example.org", "note": "June 2025, four weeks on the wards"}


def post_forms(client, capture):
    with capture(execute=True):
        return {
            "report": client.post("/electives/kisumu/report/", REPORT),
            "suggest": client.post("/suggest/", SUGGESTION),
            "alerts": client.post("/alerts/", ALERT),
            "debrief": client.post("/electives/kisumu/debrief/", DEBRIEF),
        }


def test_with_redis_down_every_public_form_is_accepted_and_the_outage_logged(
    client, elective, redis_down, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.WARNING, logger="web.rate_limit"):
        responses = post_forms(client, django_capture_on_commit_callbacks)
    assert {name: r.status_code for name, r in responses.items()} == {
        "report": 200,
        "suggest": 200,
        "alerts": 200,
        "debrief": 200,
    }
    assert ProblemReport.objects.get().message == "The link answers 404"
    assert Suggestion.objects.get().elective.title == "Rural Surgery in Mbale"
    assert Alert.objects.get().email == "resident@example.org"
    assert DebriefLink.objects.get().email == "went@example.org"
    # Curators three times, the suggester's thanks, the confirmation.
    assert len(mail.outbox) == 5
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sorted(warnings) == [
        f"Rate limit cache unavailable: {name} form accepted uncounted"
        for name in ("alerts", "debrief", "report", "suggest")
    ]


def test_with_redis_up_the_forms_are_counted_there(
    client, elective, redis_up, settings, django_capture_on_commit_callbacks
):
    settings.FORM_RATE_LIMIT = "1/h"
    first = post_forms(client, django_capture_on_commit_callbacks)
    again = post_forms(client, django_capture_on_commit_callbacks)
    assert [r.status_code for r in first.values()] == [200, 200, 200, 200]
    assert [r.status_code for r in again.values()] == [429, 429, 429, 429]
    # Refused, and everything typed is still on the page.
    assert "The link answers 404" in again["report"].text
    assert "Rural Surgery in Mbale" in again["suggest"].text
    assert "resident@example.org" in again["alerts"].text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/electives/",
        "/electives/?country=KE",
        "/compare/?e=kisumu&e=eldoret",
        "/shortlist/",
        "/healthz",
        "/electives/kisumu/",
        "/electives/kisumu/report/",
        "/api/electives/",
        "/electives/export.csv?country=KE",
        "/electives/feed/",
        "/suggest/",
        "/alerts/?country=KE",
    ],
)
def test_with_redis_down_public_pages_answer_twice(client, elective, redis_down, path):
    for _ in range(2):  # rendered, then (not) found in the cache
        response = client.get(path)
        assert response.status_code == 200, path


def upload(client, text):
    file = SimpleUploadedFile("e.csv", text.encode(), content_type="text/csv")
    return client.post(reverse(IMPORT), {"file": file})


@pytest.mark.parametrize("shared_cache", ["redis_down", "redis_up"])
def test_the_admin_import_keeps_its_upload_whatever_the_state_of_redis(
    client, request, shared_cache
):
    request.getfixturevalue(shared_cache)
    client.force_login(CuratorFactory())
    assert client.get("/admin/").status_code == 200
    preview = upload(client, make_csv({"slug": "kept"}))
    assert preview.status_code == 200
    token = preview.context["token"]
    assert token
    response = client.post(reverse(IMPORT), {"token": token, "apply": "1"}, follow=True)
    assert "Imported: 1 created, 0 updated, 0 unchanged." in response.text
    assert Elective.objects.filter(slug="kept").exists()
