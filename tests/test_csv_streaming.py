"""Big exports stream in constant memory, and a burst of them cannot take every thread."""

import io
import threading
import tracemalloc
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from electives.cache import content_changed
from electives.csv import export as electives_csv
from electives.csv import record as csv_record
from electives.models import Elective, Specialty, Status
from tests.factories import ElectiveFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 50 rows, so that a few hundred electives make a streamed export."""
    monkeypatch.setattr(csv_record, "CHUNK_SIZE", 50)


def publish(count, start=0):
    sponsor = OrganizationFactory()
    now = timezone.now()
    created = Elective.objects.bulk_create(
        Elective(
            slug=f"elective-{n:06d}",
            title=f"Elective {n:06d}",
            category="clinical",
            organization=sponsor,
            country="KE",
            weeks_min=2,
            weeks_max=4,
            url=f"https://example.org/{n}",
            summary="=SUM(A1:A9) in a summary",
            description="## What you will do\n\nSee patients with the host team. " * 10,
            status=Status.PUBLISHED,
            published_at=now,
        )
        for n in range(start, start + count)
    )
    pediatrics = Specialty.objects.get(slug="pediatrics")
    Elective.specialties.through.objects.bulk_create(
        Elective.specialties.through(elective_id=e.pk, specialty_id=pediatrics.pk)
        for e in created[::7]
    )
    content_changed()  # bulk_create sends no signals


def hang_up(response):
    """A client that goes away mid-download: the server closes the response. The test's
    database connection stays open meanwhile, as the test client keeps it itself: a request's
    end would close it, since it is inside the test's transaction. (Disconnecting
    close_old_connections is not enough: the client's own wrapper of the streamed content
    connects it again while the response closes.)"""
    with mock.patch.object(BaseDatabaseWrapper, "close_if_unusable_or_obsolete"):
        response.close()


def peak_memory_while_downloading(client):
    tracemalloc.start()
    try:
        response = client.get("/electives/export.csv")
        assert response.streaming
        size = sum(len(chunk) for chunk in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_whatever_the_number_of_rows(client, small_chunks):
    publish(2000)
    peak_memory_while_downloading(client)  # the first request also loads code and caches
    small_peak, small_size = peak_memory_while_downloading(client)
    publish(6000, start=2000)
    # The first request after an edit builds the process's directory index, which every
    # request then shares (it grows with the directory, not with a download): after it.
    peak_memory_while_downloading(client)
    large_peak, large_size = peak_memory_while_downloading(client)
    assert large_size > 3.5 * small_size
    # Built whole, the CSV would need its own size at least (twice, encoded); streamed, four
    # times the rows cost a little more (garbage awaiting the collector), not four times.
    assert large_peak < large_size / 3, (large_peak, large_size)
    assert large_peak < 2 * small_peak, (small_peak, large_peak)


def test_the_streamed_export_is_byte_identical_to_the_command(client, small_chunks):
    publish(180)
    ElectiveFactory(slug="a-draft", status=Status.DRAFT)  # in neither
    response = client.get("/electives/export.csv?sort=title")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="electives.csv"'
    streamed = b"".join(response.streaming_content)
    out = io.StringIO()
    call_command("export_electives", "--status", "published", stdout=out)
    assert streamed == out.getvalue().encode()
    assert streamed.count(b"\r\n") == 181


def test_a_small_export_is_one_plain_response_the_page_cache_can_keep(client, small_chunks):
    publish(20)
    response = client.get("/electives/export.csv")
    assert not response.streaming
    assert response.content.count(b"\r\n") == 21


def test_a_burst_of_exports_gets_503_once_every_slot_is_busy(client, small_chunks, monkeypatch):
    monkeypatch.setattr(electives_csv, "EXPORT_WAIT_SECONDS", 0.05)
    publish(200)
    # The test client holds a streamed response open until it is read or closed.
    busy = [client.get("/electives/export.csv") for _ in range(electives_csv.EXPORT_SLOTS)]
    try:
        assert all(response.streaming for response in busy)
        refused = client.get("/electives/export.csv")
        assert refused.status_code == 503
        assert refused["Retry-After"] == "10"
        assert refused["Cache-Control"] == "no-store"
        assert "try again" in refused.content.decode()
        # The rest of the site is not held up.
        assert client.get("/electives/").status_code == 200
        assert client.get("/api/electives/").status_code == 200

        # A download that finishes frees its slot ...
        assert b"".join(busy.pop().streaming_content).count(b"\r\n") == 201
        again = client.get("/electives/export.csv")
        assert again.status_code == 200
        hang_up(again)
    finally:
        # ... and so does one that the client abandons.
        for response in busy:
            hang_up(response)
    busy = [client.get("/electives/export.csv") for _ in range(electives_csv.EXPORT_SLOTS)]
    assert [response.status_code for response in busy] == [200] * electives_csv.EXPORT_SLOTS
    for response in busy:
        hang_up(response)


def test_an_export_waits_a_moment_for_a_slot_before_refusing(client, small_chunks):
    """A burst of first requests for one small CSV (before the page cache has it) is served,
    not refused: each waits briefly for a slot."""
    publish(20)
    for _ in range(electives_csv.EXPORT_SLOTS):
        electives_csv._export_slots.acquire()
    freed = threading.Timer(0.2, electives_csv._export_slots.release)
    freed.start()
    try:
        response = client.get("/electives/export.csv")
        assert response.status_code == 200
        assert response.content.count(b"\r\n") == 21
    finally:
        freed.join()
        for _ in range(electives_csv.EXPORT_SLOTS - 1):
            electives_csv._export_slots.release()
