"""Every response carries the security headers the SPEC names; cookies are locked down."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/electives/", "/guide/", "/healthz", "/no-such-page/", "/admin/login/"]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.mark.parametrize("path", PAGES)
def test_scripts_may_not_be_inline_or_evaluated(client, path):
    policy = directives(client.get(path))
    for directive in ("script-src", "default-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert policy["script-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/", "/electives/", "/guide/", "/no-such-page/"])
def test_pages_hold_no_inline_script_or_style_the_policy_would_block(client, path):
    html = client.get(path).content.decode()
    # JSON-LD is data, not script: browsers never run it, so the policy has no say over it.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all("src=" in tag or "application/ld+json" in tag for tag in scripts), scripts
    assert not re.search(r"<style\b", html), "inline <style>"
    assert not re.search(r"\sstyle=", html), "style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_hsts_of_a_year_over_https(client, settings):
    # The values the production settings give (see test_deploy_check.py).
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    hsts = client.get("/", secure=True)["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/")


def test_http_redirects_to_https_when_the_redirect_is_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/electives/?country=KE")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/electives/?country=KE"
    # Behind a TLS-terminating proxy that says so, no redirect.
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(settings, django_user_model):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    django_user_model.objects.create_user("curator", password="a long passphrase", is_staff=True)
    client = Client()
    login_page = client.get("/admin/login/", secure=True)
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/admin/login/",
        {
            "username": "curator",
            "password": "a long passphrase",
            "csrfmiddlewaretoken": csrf.value,
        },
        secure=True,
        headers={"Referer": "https://testserver/admin/login/"},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """gunicorn with the production settings; these checks need no database."""
    from tests.servers import Server, production_env

    database = tmp_path_factory.mktemp("db") / "never-opened.sqlite3"
    with Server(production_env(f"sqlite:///{database}"), workers=1) as server:
        yield server


def test_production_sends_hsts_of_a_year_over_https(production_server):
    over_https = production_server.get("/healthz/ping", **{"X-Forwarded-Proto": "https"})
    assert over_https.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert over_https.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in production_server.get("/healthz/ping").headers
    missing = production_server.get("/no-such-page/")
    assert missing.status == 404
    assert "frame-ancestors 'none'" in missing.headers["Content-Security-Policy"]


def test_production_serves_hashed_compressed_static_files_for_ten_years(production_server):
    import json

    from tests.servers import static_root

    manifest = json.loads((static_root() / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css"
    response = production_server.get(f"/static/{hashed}", **{"Accept-Encoding": "br, gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]
    # The unhashed name is served too, but kept only briefly: a deploy must show.
    plain = production_server.get("/static/css/site.css")
    assert plain.status == 200
    assert "immutable" not in plain.headers["Cache-Control"]
