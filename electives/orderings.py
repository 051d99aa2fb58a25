"""How the directory orders electives: each `sort` as SQL, and the date-dependent
`deadline` sort also as a Python key for the in-process index."""

from django.db.models import Case, F, When
from django.utils import timezone

from .models import NEWEST_FIRST, DeadlineStatus, deadline_condition, deadline_status

# Every ordering ends with the same tie-breaks, so pages never overlap or skip.
TIE_BREAKS = ["title", "id"]
# The orders that do not change with the date (electives.index ranks these in SQL).
ORDERINGS = {
    # Published electives always have published_at; a plain DESC lets PostgreSQL
    # read the listing index (status, -published_at) instead of sorting every match.
    "newest": NEWEST_FIRST,
    "title": TIE_BREAKS,
    "duration": ["weeks_min", "weeks_max", *TIE_BREAKS],
    "cost": [F("cost_usd").asc(nulls_last=True), *TIE_BREAKS],  # unknown fees last
}


def deadline_ordering(today):
    """SPEC.md's `deadline` sort: upcoming soonest first, then rolling, then passed (most
    recently passed first). The same rule in Python: deadline_key."""
    upcoming = deadline_condition(DeadlineStatus.OPEN, today)
    rolling = deadline_condition(DeadlineStatus.ROLLING, today)
    return [
        Case(When(upcoming, then=0), When(rolling, then=1), default=2),
        Case(When(upcoming, then=F("deadline"))).asc(),
        F("deadline").desc(),
        *TIE_BREAKS,
    ]


def ordering(sort):
    if sort == "deadline":
        return deadline_ordering(timezone.localdate())
    return ORDERINGS[sort]


def deadline_key(deadline, today):
    """The `deadline` sort (deadline_ordering) as a key: upcoming soonest first,
    then rolling, then passed most recent first."""
    status = deadline_status(deadline, today)
    if status == DeadlineStatus.ROLLING:
        return (1, 0)
    if status == DeadlineStatus.OPEN:
        return (0, deadline.toordinal())
    return (2, -deadline.toordinal())
