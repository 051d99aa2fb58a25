"""A worker knows the content version from its listener (electives.version_watch): a cached
page costs no query, an edit is heard within a second, and a listener that may be stale is
not trusted (the page asks the database, as before)."""

import time

import pytest

from electives import cache, version_watch
from electives.models import Elective
from tests.factories import PublishedElectiveFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listening(postgres, monkeypatch):
    watch = version_watch.Watch(version_watch.conninfo(), cache.VERSION_SQL)
    monkeypatch.setattr(version_watch, "_watch", watch)
    watch.thread.start()
    try:
        wait_for(lambda: watch.alive_at > 0, seconds=5)
        yield watch
    finally:
        watch.stop()
        watch.thread.join(5)


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
