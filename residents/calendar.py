"""iCalendar (RFC 5545) files of deadlines and planning steps, built by `icalendar`.

Every event is all-day (DTSTART a date, DTEND the day after) with a UID that stays the
same for the same elective and step, so a calendar that imports the file again updates
the event instead of adding a second one.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from electives.models import DeadlineStatus, one_line
from mail.outbox import absolute

PRODID = "-//Electives Abroad//Resident tools//EN"
UID_DOMAIN = "electives-abroad"
# A deadline's reminder: at 9 in the morning a week before the day (an all-day event starts
# at midnight, so 6 days and 15 hours before its start).
DEADLINE_REMINDER = -datetime.timedelta(days=6, hours=15)


def new_calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # icalendar escapes no line break in an X- property: one there makes it refuse the file.
    calendar.add("x-wr-calname", one_line(name))
    return calendar


def add_event(calendar, *, uid, day, summary, elective, description=""):
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    # The elective's last change, not the time of the request: the same content gives
    # the same file (and so the same ETag).
    event.add("dtstamp", elective.updated_at)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", one_line(summary))
    event.add("url", absolute(elective.get_absolute_url()))
    event.add("description", description or absolute(elective.get_absolute_url()))
    event.add("transp", "TRANSPARENT")
    calendar.add_component(event)
    return event


def add_deadline(calendar, elective):
    """The application deadline as one event with a reminder a week before; a rolling
    deadline adds none (see add_rolling)."""
    if elective.deadline is None:
        return
    summary = f"Application deadline: {elective.title}"
    event = add_event(
        calendar,
        uid=f"deadline-{elective.slug}",
        day=elective.deadline,
        summary=summary,
        elective=elective,
        description=f"{elective.organization.name}. {absolute(elective.get_absolute_url())}",
    )
    alarm = Alarm()
    alarm.add("uid", f"deadline-{elective.slug}-reminder@{UID_DOMAIN}")
    alarm.add("action", "DISPLAY")
    alarm.add("description", one_line(f"In a week: {summary}"))
    alarm.add("trigger", DEADLINE_REMINDER)
    event.add_component(alarm)


def add_application(calendar, elective, today=None):
    """The shortlist's entry for an elective: its deadline, or that it has none."""
    if elective.deadline_status == DeadlineStatus.ROLLING:
        add_rolling(calendar, elective, today or timezone.localdate())
    else:
        add_deadline(calendar, elective)


def add_rolling(calendar, elective, today):
    """A rolling-admission elective has no day to mark: an all-day "apply any time" entry on
    the day the file is made, so that it shows beside the dated deadlines rather than not at
    all. Its UID stays, so a calendar that imports the file again moves it, not adds one."""
    add_event(
        calendar,
        uid=f"rolling-{elective.slug}",
        day=today,
        summary=f"Apply any time (rolling admission): {elective.title}",
        elective=elective,
        description=(
            f"{elective.organization.name} takes applications all year, with no deadline. "
            f"{absolute(elective.get_absolute_url())}"
        ),
    )


def ics_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
