"""/healthz: 200 JSON while the database answers (the 503 side is in test_db_outage.py)."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_never_cached(client):
    cache_control = client.get("/healthz")["Cache-Control"]
    assert "no-cache" in cache_control and "no-store" in cache_control


def test_healthz_answers_head_but_not_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_ping_renders_a_tiny_page_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/ping")
    assert response.status_code == 200
    assert b"ok" in response.content
