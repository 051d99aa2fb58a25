"""Residents hear when a saved or subscribed elective's country changes advisory level:
a note on /shortlist/ for 30 days, and a line in the next alert digest."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory
from tests.test_advisory_import import FEED, feed_with, kenya_at, run
from tests.test_shortlist import save

pytestmark = pytest.mark.django_db


@pytest.fixture
def kisumu():
    return PublishedElectiveFactory(title="Family Medicine in Kisumu", slug="kisumu", country="KE")


@pytest.fixture
def cusco():
    return PublishedElectiveFactory(title="Community Health in Cusco", slug="cusco", country="PE")


def card(html, title):
    return next(item for item in html.split('<li class="card') if title in item)


def changed(country, previous, level, days_ago, **fields):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return TravelAdvisoryFactory(
        country=country, previous_level=previous, level=level, level_changed_at=when, **fields
    )


def test_an_import_that_raises_a_level_shows_on_the_shortlist(client, kisumu, cusco, tmp_path):
    run(FEED)
    html = client.get("/shortlist/?e=kisumu,cusco").text
    assert "Advisory for" not in html

    run(feed_with(tmp_path, kenya_at(3)))
    response = client.get("/shortlist/?e=kisumu,cusco")
    today = timezone.localdate()
    note = f"Advisory for Kenya raised from Level 2 to Level 3 on {today.day} {today:%b %Y}"
    assert note in card(response.text, "Kisumu")
    assert 'href="/countries/ke/"' in card(response.text, "Kisumu")
    assert "Advisory for" not in card(response.text, "Cusco")
    # The note comes from the data alone: the shared list stays cacheable by anyone.
    assert "private" not in response.get("Cache-Control", "")


def test_the_own_shortlist_shows_the_note_too(client, kisumu):
    changed("KE", previous=3, level=2, days_ago=3, headline="Kenya - Level 2")
    save(client, "kisumu")
    html = client.get("/shortlist/").text
    assert "Advisory for Kenya lowered from Level 3 to Level 2 on" in card(html, "Kisumu")


def test_a_change_older_than_30_days_is_no_longer_news(client, kisumu, cusco):
    changed("KE", previous=2, level=3, days_ago=31)
    changed("PE", previous=1, level=2, days_ago=29, headline="Peru - Level 2")
    html = client.get("/shortlist/?e=kisumu,cusco").text
    assert "Advisory for" not in card(html, "Kisumu")
    assert "Advisory for Peru raised from Level 1 to Level 2 on" in card(html, "Cusco")
