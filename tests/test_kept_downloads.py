"""A download too big for the page cache is kept on disk, compressed, per content version
(electives.csv.kept): later downloads of it cost no query and no export slot."""

import gzip
from pathlib import Path

import pytest
from django.conf import settings

from electives.cache import content_changed
from electives.csv import export as electives_csv
from electives.csv import record as csv_record
from electives.models import Elective
from tests.test_csv_streaming import hang_up, publish

pytestmark = pytest.mark.django_db

URL = "/electives/export.csv?country=KE"


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 50 rows, so that a few hundred electives make a streamed export."""
    monkeypatch.setattr(csv_record, "CHUNK_SIZE", 50)


def body(response):
    return b"".join(response.streaming_content)


def kept_files():
    return sorted(Path(settings.KEPT_DOWNLOADS_DIR).glob("*"))


def test_the_second_download_is_the_kept_copy_without_a_query(
    client, small_chunks, django_assert_num_queries
):
    publish(300)
    first = body(client.get(URL))
    assert first.count(b"\r\n") == 301
    assert [path.suffixes for path in kept_files()] == [[".csv", ".gz"]]
    with django_assert_num_queries(1):  # the content version, nothing else
        again = client.get(URL)
        assert body(again) == first
    compressed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(body(compressed)) == first
    assert again["Content-Disposition"] == 'attachment; filename="electives.csv"'


def test_an_edit_makes_a_new_copy(client, small_chunks):
    publish(300)
    body(client.get(URL))
    Elective.objects.filter(slug="elective-000007").update(title="Edited Title")
    content_changed()
    assert b"Edited Title" in body(client.get(URL))
    assert len([path for path in kept_files() if path.name.endswith(".csv.gz")]) == 2


def test_an_abandoned_download_keeps_nothing(client, small_chunks):
    publish(300)
    response = client.get(URL)
    next(iter(response.streaming_content))
    hang_up(response)
    assert kept_files() == []
    assert body(client.get(URL)).count(b"\r\n") == 301


def test_a_kept_copy_is_served_while_every_export_slot_is_busy(client, small_chunks):
    publish(300)
    first = body(client.get(URL))
    for _ in range(electives_csv.EXPORT_SLOTS):
        assert electives_csv._export_slots.acquire(timeout=1)
    try:
        assert body(client.get(URL)) == first
        assert client.get("/electives/export.csv?country=TZ&weeks=2").status_code == 503
    finally:
        for _ in range(electives_csv.EXPORT_SLOTS):
            electives_csv._export_slots.release()
