"""A stopped or frozen PostgreSQL gives 503 pages, not 500; when it returns the site
recovers by itself."""

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from config import urls as site_urls
from electives import version_watch
from tests.servers import ROOT, Cluster, Server, manage, production_env, static_root


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


def timed(server, path):
    started = time.monotonic()
    response = server.get(path)
    return response, time.monotonic() - started


def test_a_frozen_database_gives_503_within_seconds_and_the_site_recovers():
    # Seconds: 2 for the query (the server's own timeout), +1 before the watchdog cuts it,
    # a watchdog tick; a new connection gives up after DATABASE_CONNECT_TIMEOUT (3).
    bound = 4.5
    static = json.loads((static_root() / "staticfiles.json").read_text())["paths"]
    stylesheet = f"/static/{static['css/site.css']}"
    pages = ["/electives/?country=KE", "/api/electives/", "/healthz", "/electives/?q=rural"]
    with Cluster() as cluster:
        env = {**production_env(cluster.url), "DATABASE_QUERY_TIMEOUT": "2"}
        manage("migrate", "--noinput", env=env)
        manage("seed_demo", "--electives", "12", env=env)
        with Server(env, workers=2, threads=4) as server, ThreadPoolExecutor(4) as pool:
            for path in pages * 2:
                assert server.get(path).status == 200, (path, server.output())

            # For up to a second after the freeze a worker may still answer from memory
            # (electives.version_watch: its listener's last answer is that recent, and no
            # write can commit meanwhile). After that the listener is not trusted, and every
            # page asks the database: those requests are what the 503 is about.
            pages = ["/electives/?country=TZ", "/api/electives/?country=TZ", *pages[2:]]
            pages[3] = "/electives/?q=surgery"
            with cluster.frozen():
                time.sleep(version_watch.STALE + 0.1)
                hanging = [pool.submit(timed, server, path) for path in pages[:2]]
                time.sleep(0.5)
                # Meanwhile pages that need no database answer at once.
                for path in ("/healthz/ping", stylesheet):
                    response, seconds = timed(server, path)
                    assert (response.status, path) == (200, path)
                    assert seconds < 1, (path, seconds)
                hanging += [pool.submit(timed, server, path) for path in pages[2:]]
                for path, future in zip(pages, hanging, strict=True):
                    response, seconds = future.result()
                    assert response.status == 503, (path, response.status, server.output())
                    assert seconds < bound, (path, seconds)
                api = hanging[1].result()[0]
                assert api.headers["Retry-After"] == "30"
                assert api.headers["Content-Type"] == "application/json"

            # Resumed: the very next requests are served again.
            for path in pages:
                response, seconds = timed(server, path)
                assert response.status == 200, (path, response.status, server.output())
                assert seconds < bound
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


def slow_query(request):
    from django.db import connection
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(3)")
    return HttpResponse("done")


def session_limits(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), current_setting('lock_timeout')"
        )
        return JsonResponse(dict(zip(("statement", "lock"), cursor.fetchone(), strict=True)))


# This module doubles as a URLconf: the site's routes (the 503 page links to them) plus two.
urlpatterns = [
    *site_urls.urlpatterns,
    path("test-slow/", slow_query),
    path("test-limits/", session_limits),
]


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_web_request_s_queries_are_bounded_by_the_server_itself(postgres, settings):
    from django.db import connection

    settings.DATABASE_QUERY_TIMEOUT = 1
    settings.DATABASE_LOCK_TIMEOUT = 1
    connection.close()  # the next request opens the connection, as a web worker would
    anonymous = Client(raise_request_exception=False)
    assert anonymous.get("/test-limits/").json() == {"statement": "1s", "lock": "1s"}

    started = time.monotonic()
    response = anonymous.get("/test-slow/")
    assert response.status_code == 503
    assert time.monotonic() - started < 1.9  # the server cancelled it, before the watchdog


@pytest.mark.django_db(transaction=True)
def test_management_commands_are_not_bounded(postgres):
    from django.db import connection

    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    command = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    env = {**production_env(url), "DATABASE_QUERY_TIMEOUT": "1"}
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert shown.stdout.strip() == "0"
