"""A worker knows the content version from its listener (electives.version_watch): a cached
page costs no query, an edit is heard within a second, and a listener that may be stale is
not trusted (the page asks the database, as before)."""

import socket
import threading
import time
from contextlib import contextmanager

import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from electives import cache, version_watch
from electives.models import Elective
from tests.factories import PublishedElectiveFactory

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def started(watch, monkeypatch):
    monkeypatch.setattr(version_watch, "_watch", watch)
    watch.thread.start()
    try:
        wait_for(lambda: watch.alive_at > 0, seconds=5)
        yield watch
    finally:
        watch.stop()
        watch.thread.join(5)


@pytest.fixture
def listening(postgres, monkeypatch):
    with started(
        version_watch.Watch(version_watch.conninfo(), cache.VERSION_SQL), monkeypatch
    ) as watch:
        yield watch


class Pausable:
    """A TCP relay to PostgreSQL that can stop passing bytes on, as a frozen server or a
    connection dropped without a word would: nothing fails, nothing arrives."""

    def __init__(self, host, port):
        self.target = (host, int(port))
        self.flowing = threading.Event()
        self.flowing.set()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                near, _ = self.server.accept()
            except OSError:
                return
            far = socket.create_connection(self.target)
            for source, sink in ((near, far), (far, near)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    def pump(self, source, sink):
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            sink.close()

    def close(self):
        self.flowing.set()
        self.server.close()


def wait_for(condition, seconds=1.0):
    """How long condition() took to hold; fails after `seconds`."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "not within the time"
        time.sleep(0.005)
    return time.monotonic() - started


def test_a_cached_page_costs_no_query_while_the_listener_is_healthy(
    listening, client, django_assert_num_queries
):
    elective = PublishedElectiveFactory(title="Rural Surgery in Moshi")
    wait_for(lambda: (version_watch.known() or "  ")[2] == cache.current_version().sequence)
    page = elective.get_absolute_url()
    assert client.get(page).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(page)
    assert response.status_code == 200
    assert "Rural Surgery in Moshi" in response.text


def test_an_edit_is_heard_within_a_second_and_shows(listening, client, monkeypatch):
    elective = PublishedElectiveFactory(title="Rural Surgery in Moshi")
    page = elective.get_absolute_url()
    assert "Rural Surgery in Moshi" in client.get(page).text
    before = version_watch.known()
    # As if the edit were made on another server: this process hears of it only through
    # the notification, not from its own commit.
    monkeypatch.setattr(version_watch, "saw", lambda version: None)

    Elective.objects.filter(pk=elective.pk).update(title="Trauma Surgery in Moshi")
    cache.content_changed(electives={elective.pk})
    waited = wait_for(lambda: version_watch.known() != before)
    assert waited < 1
    assert "Trauma Surgery in Moshi" in client.get(page).text


def test_a_listener_that_may_be_stale_is_not_trusted(listening, client, django_assert_num_queries):
    elective = PublishedElectiveFactory()
    page = elective.get_absolute_url()
    client.get(page)
    listening.stop()
    listening.thread.join(5)
    listening.alive_at = time.monotonic() - version_watch.STALE - 0.1
    assert version_watch.known() is None
    with django_assert_num_queries(1):  # the version, read from the database
        assert client.get(page).status_code == 200


def test_a_notification_carries_the_whole_version():
    version = cache.Version("abc123", cache.EPOCH, 42)
    assert version_watch.parse(version_watch.payload(*version)) == tuple(version)


def test_a_listener_whose_server_goes_quiet_is_distrusted_within_a_second(postgres, monkeypatch):
    # Waiting for notifications cannot tell a frozen server from an idle one: the listener's
    # own reads (every PROBE seconds) are what it counts as a sign of life.
    cache.content_changed()  # a version to know (an earlier test may have emptied the table)
    params = conninfo_to_dict(version_watch.conninfo())
    relay = Pausable(params.get("host") or "127.0.0.1", params.get("port") or 5432)
    through_relay = make_conninfo(**{**params, "host": "127.0.0.1", "port": relay.port})
    try:
        with started(version_watch.Watch(through_relay, cache.VERSION_SQL), monkeypatch):
            time.sleep(version_watch.STALE + version_watch.PROBE)  # quiet, yet healthy
            assert version_watch.known() is not None
            relay.flowing.clear()
            assert wait_for(lambda: version_watch.known() is None, seconds=2) < (
                version_watch.STALE + version_watch.PROBE + 0.2
            )
            relay.flowing.set()
            wait_for(lambda: version_watch.known() is not None, seconds=2)
    finally:
        relay.close()
