"""deadline.ics: one all-day RFC 5545 event per elective deadline, parsed back by icalendar."""

import datetime

import pytest
import time_machine
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


# --- The shortlist's deadlines calendar: rolling admission listed, reminders a week before ---


def shortlist_events(client, *slugs):
    return events(client.get("/shortlist/deadlines.ics", {"e": ",".join(slugs)}))


def test_every_deadline_has_a_reminder_a_week_before(client):
    PublishedElectiveFactory(
        slug="kisumu", title="Kisumu Wards", deadline=datetime.date(2027, 3, 15)
    )
    for path in ("/shortlist/deadlines.ics?e=kisumu", "/electives/kisumu/deadline.ics"):
        (event,) = events(client.get(path))
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert str(alarm["description"]) == "In a week: Application deadline: Kisumu Wards"
        trigger = alarm.decoded("trigger")
        # 09:00 seven days before the all-day event, which starts at midnight.
        assert trigger == -datetime.timedelta(days=6, hours=15)
        reminded_at = datetime.datetime.combine(event.decoded("dtstart"), datetime.time()) + trigger
        assert reminded_at == datetime.datetime(2027, 3, 8, 9, 0)


@time_machine.travel(datetime.datetime(2026, 12, 4, 12, tzinfo=datetime.UTC), tick=False)
def test_rolling_admission_electives_are_listed_as_apply_any_time(client):
    PublishedElectiveFactory(slug="lima", title="Lima Clinics", deadline=None)
    PublishedElectiveFactory(
        slug="kisumu", title="Kisumu Wards", deadline=datetime.date(2027, 3, 15)
    )
    rolling, dated = shortlist_events(client, "lima", "kisumu")
    assert str(rolling["summary"]) == "Apply any time (rolling admission): Lima Clinics"
    assert str(rolling["uid"]) == "rolling-lima@electives-abroad"
    assert rolling.decoded("dtstart") == datetime.date(2026, 12, 4)  # the day it was made
    assert type(rolling.decoded("dtstart")) is datetime.date
    assert "takes applications all year, with no deadline" in str(rolling["description"])
    assert str(rolling["url"]).endswith("/electives/lima/")
    assert rolling.walk("VALARM") == []  # nothing to remind of
    assert str(dated["summary"]) == "Application deadline: Kisumu Wards"


def test_the_shortlist_calendar_leaves_out_unpublished_electives(client):
    DraftElectiveFactory(slug="draft", deadline=None)
    DraftElectiveFactory(slug="draft-dated", deadline=datetime.date(2027, 3, 15))
    assert shortlist_events(client, "draft", "draft-dated") == []
