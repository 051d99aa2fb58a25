"""A stopped PostgreSQL gives 503 pages, not 500; when it returns the site recovers by itself."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from tests.servers import Cluster, Server, manage, production_env


def test_a_stopped_database_gives_503_and_the_site_recovers_when_it_returns():
    with Cluster() as cluster:
        env = production_env(cluster.url)
        manage("migrate", "--noinput", env=env)
        manage("seed_demo", "--electives", "12", env=env)
        with Server(env) as server:
            assert server.get("/electives/").status == 200
            assert json.loads(server.get("/healthz").body) == {"status": "ok", "database": "ok"}

            cluster.stop()
            for path in ("/electives/", "/electives/?country=KE", "/electives/export.csv"):
                page = server.get(path)
                assert page.status == 503, (path, page.status, server.output())
                assert "We will be back shortly" in page.text
                assert page.headers["Retry-After"] == "30"
                assert "Traceback" not in page.text and "psycopg" not in page.text
                assert "Content-Security-Policy" in page.headers
            health = server.get("/healthz")
            assert health.status == 503
            assert json.loads(health.body) == {"status": "unavailable", "database": "unreachable"}
            # A page that needs no database keeps working.
            assert server.get("/healthz/ping").status == 200

            cluster.start()
            # The very first requests after the restart succeed: no worker keeps a dead connection.
            for path in ("/electives/", "/electives/", "/healthz", "/electives/?country=KE"):
                assert server.get(path).status == 200, (path, server.output())

            # A restart between two requests leaves every worker a dead connection, which the
            # next request replaces without a single error.
            cluster.stop()
            cluster.start()
            for path in ("/electives/?country=TZ", "/healthz", "/electives/", "/"):
                assert server.get(path).status == 200, (path, server.output())
        assert "Traceback" not in server.output()


class BrokenDatabaseMiddleware:
    """Stands for a middleware (sessions, authentication) that reads the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.refuse()

    @staticmethod
    def refuse(*args):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.mark.django_db
def test_a_database_error_inside_another_middleware_is_503_too(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.BrokenDatabaseMiddleware"]
    response = Client(raise_request_exception=False).get("/electives/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"We will be back shortly" in response.content
    assert b"Connection refused" not in response.content


@pytest.mark.django_db
def test_the_api_answers_its_503_as_json(settings, monkeypatch):
    anonymous = Client(raise_request_exception=False)
    # Raised by the view (the content version is its first query) ...
    monkeypatch.setattr("electives.cache.current_version", BrokenDatabaseMiddleware.refuse)
    from_the_view = anonymous.get("/api/electives/?country=KE")
    # ... and by a middleware before any view runs.
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.BrokenDatabaseMiddleware"]
    from_a_middleware = anonymous.get("/api/electives/")
    for response in (from_the_view, from_a_middleware):
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert response["Retry-After"] == "30"
        assert list(response.json()["errors"]) == ["database"]
        assert b"Connection refused" not in response.content


@pytest.mark.django_db
def test_other_errors_inside_middleware_stay_500(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.FailingMiddleware"]
    response = Client(raise_request_exception=False).get("/electives/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"ZeroDivisionError" not in response.content


class FailingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return 1 / 0
