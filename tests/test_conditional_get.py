"""Conditional GET: unchanged public pages answer 304 Not Modified, without a body."""

import pytest
from django.utils.http import http_date

from tests.factories import PublishedElectiveFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/electives/?country=KE",
    "/electives/kisumu-paeds/",
    "/electives/export.csv?country=KE",
    "/api/electives/?country=KE",
    "/electives/feed/?country=KE",
    "/",
]


@pytest.fixture
def elective():
    return PublishedElectiveFactory(title="Community Paediatrics", slug="kisumu-paeds")


@pytest.mark.parametrize("path", PAGES)
def test_unchanged_page_answers_304_to_its_etag(client, elective, path):
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]

    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


@pytest.mark.parametrize("path", PAGES)
def test_unchanged_page_answers_304_to_if_modified_since(client, elective, path):
    last_modified = client.get(path)["Last-Modified"]
    assert client.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304


@pytest.mark.parametrize("path", PAGES)
def test_an_edit_changes_the_etag_and_the_page_comes_back_in_full(client, elective, path):
    etag = client.get(path)["ETag"]
    elective.title = "Child Health Outreach"
    elective.save()
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert b"Child Health Outreach" in response.content


def test_each_page_and_each_filter_has_its_own_etag(client, elective):
    etags = {client.get(path)["ETag"] for path in PAGES}
    assert len(etags) == len(PAGES)
    assert (
        client.get("/electives/?country=TZ")["ETag"] != client.get("/electives/?country=KE")["ETag"]
    )


def test_an_old_if_modified_since_gets_the_page(client, elective):
    response = client.get("/electives/", headers={"If-Modified-Since": http_date(0)})
    assert response.status_code == 200


def test_gzip_keeps_conditional_get_working(client, elective):
    first = client.get("/electives/", headers={"Accept-Encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip"
    again = client.get(
        "/electives/", headers={"Accept-Encoding": "gzip", "If-None-Match": first["ETag"]}
    )
    assert again.status_code == 304
