"""Residents hear when a saved or subscribed elective's country changes advisory level:
a note on /shortlist/ for 30 days, and a line in the next alert digest."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from electives.models import Elective, TravelAdvisory
from residents.models import Alert
from tests.factories import AlertFactory, PublishedElectiveFactory, TravelAdvisoryFactory
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


# The alert digest.


@pytest.fixture
def listed_before(kisumu, cusco):
    """Kisumu and Cusco were published before the alerts' last digest: not news."""
    Elective.objects.update(published_at=timezone.now() - datetime.timedelta(days=3))


def send_alerts():
    mail.outbox.clear()
    call_command("send_alerts", stdout=io.StringIO())
    return list(mail.outbox)


def test_the_next_digest_tells_of_a_level_change_in_the_search(listed_before):
    kenya = AlertFactory(query="country=KE", checked_at=timezone.now() - datetime.timedelta(days=1))
    AlertFactory(query="country=PE", checked_at=timezone.now() - datetime.timedelta(days=1))
    advisory = changed("KE", previous=2, level=3, days_ago=0.5)

    (digest,) = send_alerts()
    assert digest.to == [kenya.email]
    assert digest.subject == "A travel advisory changed for your search"
    line = advisory.level_change
    assert line.startswith("Advisory for Kenya raised from Level 2 to Level 3 on")
    assert f"- {line}.\n  http://127.0.0.1:8000/countries/ke/" in digest.body
    html = digest.alternatives[0][0]
    assert f'<a href="http://127.0.0.1:8000/countries/ke/">{line}</a>' in html
    # Told once: a day later, the next digest has no news.
    a_day = datetime.timedelta(days=1)
    Alert.objects.update(checked_at=F("checked_at") - a_day)
    TravelAdvisory.objects.update(level_changed_at=F("level_changed_at") - a_day)
    assert send_alerts() == []


def test_the_line_joins_new_electives_in_one_digest(listed_before):
    AlertFactory(query="country=KE", checked_at=timezone.now() - datetime.timedelta(days=1))
    changed("KE", previous=3, level=2, days_ago=0.5, headline="Kenya - Level 2")
    PublishedElectiveFactory(title="Surgery in Eldoret", country="KE")
    (digest,) = send_alerts()
    assert digest.subject == "New electives for your search (1)"
    assert "Surgery in Eldoret" in digest.body
    assert "Advisory for Kenya lowered from Level 3 to Level 2 on" in digest.body


def test_a_change_before_the_last_digest_is_not_repeated(listed_before):
    AlertFactory(query="country=KE", checked_at=timezone.now() - datetime.timedelta(days=1))
    changed("KE", previous=2, level=3, days_ago=2)
    assert send_alerts() == []


def test_a_change_in_a_country_without_matches_is_not_sent(listed_before):
    AlertFactory(query="country=KE", checked_at=timezone.now() - datetime.timedelta(days=1))
    changed("PE", previous=2, level=3, days_ago=0.5, headline="Peru - Level 3")
    assert send_alerts() == []
