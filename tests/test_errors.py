"""Error pages match the site and leak nothing: no traceback, no settings, no SQL."""

import logging

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from config import urls as site_urls

pytestmark = pytest.mark.django_db

SECRET_WORDS = "the-secret-detail-of-this-failure"


def denied(request):
    raise PermissionDenied(SECRET_WORDS)


def suspicious(request):
    raise SuspiciousOperation(SECRET_WORDS)


def broken(request):
    raise RuntimeError(SECRET_WORDS)


# This module doubles as a URLconf: the site's routes plus three views that fail.
urlpatterns = [
    *site_urls.urlpatterns,
    path("test-denied/", denied),
    path("test-suspicious/", suspicious),
    path("test-broken/", broken),
]
handler500 = site_urls.handler500


def assert_site_page_without_leaks(response, status, heading, csp=True):
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert heading in html
    assert '<a class="skip-link" href="#main">' in html  # the site's own layout
    assert 'href="/electives/"' in html
    assert '<meta name="robots" content="noindex">' in html
    for leak in (SECRET_WORDS, "Traceback", "SECRET_KEY", "DATABASES", "SELECT ", 'File "'):
        assert leak not in html
    if csp:
        assert response["Content-Security-Policy"]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def test_404_offers_search_and_the_directory(anonymous):
    response = anonymous.get("/no-such-page/?q=<script>")
    assert_site_page_without_leaks(response, 404, "We cannot find that page")
    assert 'role="search"' in response.content.decode()
    assert "<script>" not in response.content.decode().split("</head>")[1]


@pytest.mark.urls(__name__)
def test_403(anonymous):
    assert_site_page_without_leaks(anonymous.get("/test-denied/"), 403, "You cannot open this page")


@pytest.mark.urls(__name__)
def test_400(anonymous):
    response = anonymous.get("/test-suspicious/")
    assert_site_page_without_leaks(response, 400, "We could not understand that request")


def test_400_for_a_host_we_do_not_serve(anonymous):
    response = anonymous.get("/", headers={"Host": "evil.example"})
    assert_site_page_without_leaks(response, 400, "We could not understand that request")
    assert b"evil.example" not in response.content


@pytest.mark.parametrize("port", ["99999", "65536", "0"])
def test_400_for_a_port_that_cannot_exist(anonymous, port):
    response = anonymous.get("/", headers={"Host": f"testserver:{port}"})
    assert_site_page_without_leaks(response, 400, "We could not understand that request")
    assert anonymous.get("/", headers={"Host": "testserver:8443"}).status_code == 200


def test_a_rejected_host_is_logged_in_one_line(anonymous, caplog):
    anonymous.get("/", headers={"Host": "evil.example"})
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert "evil.example" in record.getMessage()
    assert "\n" not in logging.Formatter().format(record)


@pytest.mark.urls(__name__)
def test_500(anonymous):
    response = anonymous.get("/test-broken/")
    assert_site_page_without_leaks(response, 500, "Something went wrong on our side")


def test_403_for_a_form_sent_without_its_csrf_cookie(django_user_model):
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "x", "password": "y"}
    )
    assert_site_page_without_leaks(response, 403, "That form could not be sent")


def test_503_page_needs_neither_request_nor_database(rf):
    from django.db import OperationalError

    from web.database import database_unavailable

    response = database_unavailable(rf.get("/electives/"), OperationalError("down"))
    assert_site_page_without_leaks(response, 503, "We will be back shortly", csp=False)
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
