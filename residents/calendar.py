"""iCalendar (RFC 5545) files of deadlines and planning steps, built by `icalendar`.

Every event is all-day (DTSTART a date, DTEND the day after) with a UID that stays the
same for the same elective and step, so a calendar that imports the file again updates
the event instead of adding a second one.
"""

import datetime

from django.http import HttpResponse
from icalendar import Calendar, Event

from electives.models import one_line
from mail.outbox import absolute

PRODID = "-//Electives Abroad//Resident tools//EN"
UID_DOMAIN = "electives-abroad"


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


def add_deadline(calendar, elective):
    """The application deadline as one event; a rolling deadline adds none."""
    if elective.deadline is None:
        return
    add_event(
        calendar,
        uid=f"deadline-{elective.slug}",
        day=elective.deadline,
        summary=f"Application deadline: {elective.title}",
        elective=elective,
        description=f"{elective.organization.name}. {absolute(elective.get_absolute_url())}",
    )


def ics_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
