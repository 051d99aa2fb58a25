"""deadline.ics: one all-day RFC 5545 event per elective deadline, parsed back by icalendar."""

import datetime

import pytest
from icalendar import Calendar

from tests.factories import DraftElectiveFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    assert calendar["prodid"]
    return calendar.walk("VEVENT")


def test_the_deadline_is_one_all_day_event(client):
    PublishedElectiveFactory(
        slug="kisumu", title="Kisumu Wards", deadline=datetime.date(2027, 3, 15)
    )
    (event,) = events(client.get("/electives/kisumu/deadline.ics"))
    assert event.decoded("dtstart") == datetime.date(2027, 3, 15)
    assert type(event.decoded("dtstart")) is datetime.date  # all-day, not a time
    assert event.decoded("dtend") == datetime.date(2027, 3, 16)
    assert str(event["summary"]) == "Application deadline: Kisumu Wards"
    assert str(event["url"]) == "http://127.0.0.1:8000/electives/kisumu/"
    assert str(event["uid"]) == "deadline-kisumu@electives-abroad"
    assert event["dtstamp"]


def test_the_uid_stays_when_the_deadline_moves(client):
    elective = PublishedElectiveFactory(slug="kisumu", deadline=datetime.date(2027, 3, 15))
    (before,) = events(client.get("/electives/kisumu/deadline.ics"))
    elective.deadline = datetime.date(2027, 4, 1)
    elective.save()
    (after,) = events(client.get("/electives/kisumu/deadline.ics"))
    assert after["uid"] == before["uid"]
    assert after.decoded("dtstart") == datetime.date(2027, 4, 1)


def test_a_rolling_deadline_gives_a_calendar_without_events(client):
    PublishedElectiveFactory(slug="rolling", deadline=None)
    assert events(client.get("/electives/rolling/deadline.ics")) == []


def test_only_published_electives(client):
    DraftElectiveFactory(slug="draft", deadline=datetime.date(2027, 3, 15))
    assert client.get("/electives/draft/deadline.ics").status_code == 404


def test_the_detail_page_links_to_it(client):
    PublishedElectiveFactory(slug="kisumu", deadline=datetime.date(2027, 3, 15))
    PublishedElectiveFactory(slug="rolling", deadline=None)
    assert "/electives/kisumu/deadline.ics" in client.get("/electives/kisumu/").content.decode()
    assert "deadline.ics" not in client.get("/electives/rolling/").content.decode()
