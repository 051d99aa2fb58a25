"""One elective's dated timeline (/electives/<slug>/plan/, its packet and plan.ics): the
guide's timeline (guide/timeline.py) for this elective, its start and the resident's
answers; never stored."""

from electives.models import Category, DeadlineStatus
from guide.timeline import Situation, shifted, timeline


def checklist(elective, start=None, *, j1=False, advisory_level=None, today=None):
    """guide.timeline.Timeline for this elective: the steps that apply, in date order."""
    situation = Situation(
        elective=True,
        start=start,
        clinical=elective.category == Category.CLINICAL,
        deadline=elective.deadline,
        deadline_unstated=elective.deadline_status == DeadlineStatus.NOT_STATED,
        lead_time_weeks=elective.lead_time_weeks,
        weeks=elective.weeks_min,
        advisory_level=advisory_level,
        j1=j1,
    )
    return timeline(situation, today)


def return_date(elective, start):
    """When a resident starting on `start` comes back, after the shortest stay."""
    return shifted(start, 7 * elective.weeks_min) if start else None
