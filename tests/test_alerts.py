"""E-mail alerts: subscribe on the listing, confirm by link, send_alerts mails new matches,
one-click unsubscribe (RFC 8058) and a manage page."""

import datetime
import io
import re
import threading
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_countries import countries

from electives.models import Elective
from residents.models import Alert
from tests.concurrency import Meeting, at_once
from tests.factories import AlertFactory, PublishedElectiveFactory, SpecialtyFactory

pytestmark = pytest.mark.django_db


def link(message, kind):
    match = re.search(rf"http://127\.0\.0\.1:8000(/alerts/[\w-]+/{kind}/)", message.body)
    return match.group(1)


def subscribe(client, capture, **data):
    fields = {"email": "Resident@Example.org", "frequency": "daily", "website": "", **data}
    with capture(execute=True):
        return client.post("/alerts/", fields)


def send_alerts_quietly(*args):
    call_command("send_alerts", *args, stdout=io.StringIO())


def send_alerts(*args):
    mail.outbox.clear()
    send_alerts_quietly(*args)
    return list(mail.outbox)


def test_the_listing_offers_the_form_with_its_search(client):
    PublishedElectiveFactory()
    page = client.get("/electives/?country=KE&pgy=2&sort=title").content.decode()
    assert 'action="/alerts/"' in page and "E-mail me new matches" in page
    assert '<input type="hidden" name="country" value="KE">' in page
    assert 'name="sort"' not in page.split('action="/alerts/"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in page


def test_from_subscription_to_digest_to_unsubscribe(client, django_capture_on_commit_callbacks):
    PublishedElectiveFactory(title="Old Kenyan Elective", country="KE")
    response = subscribe(
        client, django_capture_on_commit_callbacks, country="KE", page="3", sort="title", q=""
    )
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    alert = Alert.objects.get()
    assert (alert.email, alert.query, alert.confirmed_at) == (
        "resident@example.org",
        "country=KE",
        None,
    )

    (confirmation,) = mail.outbox
    assert confirmation.to == ["resident@example.org"]
    assert confirmation.alternatives[0][1] == "text/html"
    # Double opt-in: nothing but the confirmation until the link is followed.
    PublishedElectiveFactory(title="Unconfirmed Match", country="KE")
    assert send_alerts() == []

    confirmed = client.post(link(confirmation, "confirm"))
    assert "Confirmed" in confirmed.content.decode()
    alert.refresh_from_db()
    assert alert.confirmed_at is not None

    # Published before the confirmation: not new. After it: one matches, one does not.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Alert.objects.update(confirmed_at=an_hour_ago)
    Elective.objects.update(published_at=an_hour_ago - datetime.timedelta(hours=1))
    PublishedElectiveFactory(title="New Kenyan Elective", country="KE")
    PublishedElectiveFactory(title="New Peruvian Elective", country="PE")
    (digest,) = send_alerts()
    assert digest.to == ["resident@example.org"]
    assert "New Kenyan Elective" in digest.body
    assert "New Peruvian Elective" not in digest.body
    assert "Old Kenyan Elective" not in digest.body
    assert "/electives/?country=KE" in digest.body
    unsubscribe = link(digest, "unsubscribe")
    assert digest.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "New Kenyan Elective" in digest.alternatives[0][0]

    # A day later, with nothing published since: nothing sent.
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    Elective.objects.update(published_at=two_days_ago - datetime.timedelta(hours=1))
    Alert.objects.update(checked_at=two_days_ago)
    assert send_alerts() == []

    # One click: the mail client POSTs, with no CSRF token.
    answer = Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert not Alert.objects.exists()


def test_a_daily_alert_waits_a_day_and_a_weekly_one_a_week(client):
    daily = AlertFactory(frequency="daily")
    weekly = AlertFactory(frequency="weekly")
    Alert.objects.update(checked_at=timezone.now() - datetime.timedelta(days=2))
    PublishedElectiveFactory(title="Fresh Elective")
    sent = send_alerts()
    assert [m.to for m in sent] == [[daily.email]]
    assert send_alerts("--frequency", "daily") == []  # checked just now
    Alert.objects.filter(pk=weekly.pk).update(
        checked_at=timezone.now() - datetime.timedelta(days=8)
    )
    (weekly_mail,) = send_alerts("--frequency", "weekly")
    assert weekly_mail.to == [weekly.email]


def test_unconfirmed_alerts_are_deleted_after_a_week(client):
    old = AlertFactory(confirmed_at=None)
    Alert.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    recent = AlertFactory(confirmed_at=None)
    send_alerts()
    assert list(Alert.objects.all()) == [recent]


def test_the_manage_page_changes_the_frequency(client):
    alert = AlertFactory(frequency="daily", query="category=research")
    page = client.get(f"/alerts/{alert.token}/").content.decode()
    assert "Research project" in page and alert.email in page
    response = client.post(f"/alerts/{alert.token}/", {"frequency": "weekly"})
    assert "Saved" in response.content.decode()
    alert.refresh_from_db()
    assert alert.frequency == "weekly"
    assert client.post(f"/alerts/{alert.token}/", {"frequency": "hourly"}).status_code == 400


def test_a_guessed_token_finds_nothing(client):
    AlertFactory()
    assert client.get("/alerts/not-a-token/").status_code == 404
    assert client.get("/alerts/not-a-token/confirm/").status_code == 404
    assert len(Alert.objects.get().token) >= 40


def test_an_unsubscribe_link_opened_in_a_browser_asks_first(client):
    alert = AlertFactory()
    page = client.get(f"/alerts/{alert.token}/unsubscribe/")
    assert "Stop e-mailing" in page.content.decode()
    assert Alert.objects.exists()


def test_an_invalid_search_is_refused(client, django_capture_on_commit_callbacks):
    response = subscribe(client, django_capture_on_commit_callbacks, pgy="abc")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This search cannot be an alert" in page
    assert "PGY year must be a whole number from 1 to 8." in page
    assert not Alert.objects.exists() and mail.outbox == []


def test_a_bad_address_keeps_the_search(client, django_capture_on_commit_callbacks):
    response = subscribe(client, django_capture_on_commit_callbacks, email="nope", country="KE")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address" in page
    assert '<input type="hidden" name="country" value="KE">' in page


def test_subscribing_twice_keeps_one_alert(client, django_capture_on_commit_callbacks):
    subscribe(client, django_capture_on_commit_callbacks)
    subscribe(client, django_capture_on_commit_callbacks)
    assert Alert.objects.count() == 1
    assert len(mail.outbox) == 2


class MeetingMailBackend(locmem.EmailBackend):
    """Holds each thread's first message until the other run's first: both runs have
    listed their due alerts before either sends anything."""

    meeting = None
    first_sent = set()

    def send_messages(self, messages):
        if threading.get_ident() not in self.first_sent:
            self.first_sent.add(threading.get_ident())
            self.meeting.wait()
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_digest_once(postgres, settings, monkeypatch):
    alerts = AlertFactory.create_batch(20, frequency="daily")
    PublishedElectiveFactory(title="Fresh Elective")
    settings.EMAIL_BACKEND = f"{__name__}.MeetingMailBackend"
    monkeypatch.setattr(MeetingMailBackend, "meeting", Meeting(2))
    monkeypatch.setattr(MeetingMailBackend, "first_sent", set())
    mail.outbox = []

    at_once(send_alerts_quietly, (), ())

    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.email for a in alerts)
    assert not Alert.objects.filter(checked_at__isnull=True).exists()
    assert send_alerts() == []  # each was checked just now


def test_following_the_link_asks_before_confirming(client):
    """Mail scanners fetch every link in a message: a GET or HEAD confirms nothing."""
    alert = AlertFactory(confirmed_at=None)
    url = f"/alerts/{alert.token}/confirm/"
    page = client.get(url)
    assert client.head(url).status_code == 200
    alert.refresh_from_db()
    assert alert.confirmed_at is None
    assert f'<form method="post" action="{url}">' in page.content.decode()
    assert "Start the e-mails" in page.content.decode()

    assert "Confirmed" in client.post(url).content.decode()
    alert.refresh_from_db()
    assert alert.confirmed_at is not None


def test_a_repeated_filter_is_kept_once(client, django_capture_on_commit_callbacks):
    SpecialtyFactory(name="Emergency Medicine", slug="emergency-medicine")
    PublishedElectiveFactory()
    repeated = [("specialty", "emergency-medicine")] * 200 + [("country", " KE ")] * 2
    fields = [("email", "a@example.org"), ("frequency", "daily"), *repeated]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/alerts/", urlencode(fields), "application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert Alert.objects.get().query == "country=KE&specialty=emergency-medicine"


def test_a_search_too_long_for_an_alert_is_refused(client, django_capture_on_commit_callbacks):
    every_country = [("country", code) for code, _ in countries]
    fields = [("email", "typed@example.org"), ("frequency", "weekly"), *every_country]
    response = client.post("/alerts/", urlencode(fields), "application/x-www-form-urlencoded")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This search is too long to keep as an alert" in page
    assert 'value="typed@example.org"' in page  # what was typed is kept
    assert '<input type="hidden" name="country" value="ZW">' in page
    assert not Alert.objects.exists() and mail.outbox == []


def test_the_search_is_shown_in_the_listings_words(client, django_capture_on_commit_callbacks):
    SpecialtyFactory(name="Emergency Medicine", slug="emergency-medicine")
    PublishedElectiveFactory()
    search = {"housing": "1", "max_cost": "2000", "specialty": "emergency-medicine"}
    response = subscribe(client, django_capture_on_commit_callbacks, country="KE", **search)
    assert response.status_code == 200
    alert = Alert.objects.get()
    manage = client.get(f"/alerts/{alert.token}/").content.decode()
    confirm = client.get(f"/alerts/{alert.token}/confirm/").content.decode()
    (message,) = mail.outbox
    for text in (manage, confirm, message.body, message.alternatives[0][0]):
        for label in ("Fee up to $2,000", "Housing provided", "Emergency Medicine", "Kenya"):
            assert label in text
        assert "max_cost: 2000" not in text and "housing: 1" not in text


def test_the_manage_page_says_how_often_once(client):
    alert = AlertFactory()
    page = client.get(f"/alerts/{alert.token}/").content.decode()
    assert page.count("How often") == 1
