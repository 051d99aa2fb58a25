"""How the directory orders electives: each `sort` of SPEC.md as a Python key over the
index's rows (electives.index.Row), which every surface pages through. Each ends with the
title, then the id, so pages never overlap or skip; titles compare by code point, as
PostgreSQL's C collation and SQLite do."""

from .models import DeadlineStatus, deadline_status

SORTS = ("newest", "title", "duration", "cost")  # and "deadline", which moves with the date


def sort_key(sort, today=None):
    """A row's place in a sort."""
    if sort == "newest":
        return lambda row: (-row.published, row.title, row.pk)
    if sort == "title":
        return lambda row: (row.title, row.pk)
    if sort == "duration":  # shortest stay first, then shortest longest stay
        return lambda row: (row.weeks_min, row.weeks_max, row.title, row.pk)
    if sort == "cost":  # unknown fees last
        return lambda row: (row.cost_usd is None, row.cost_usd or 0, row.title, row.pk)
    if sort == "deadline":
        return lambda row: (*deadline_key(row.deadline, today), row.title, row.pk)
    raise ValueError(sort)


def deadline_key(deadline, today):
    """SPEC.md's `deadline` sort: upcoming soonest first, then rolling, then passed (most
    recently passed first)."""
    status = deadline_status(deadline, today)
    if status == DeadlineStatus.ROLLING:
        return (1, 0)
    if status == DeadlineStatus.OPEN:
        return (0, deadline.toordinal())
    return (2, -deadline.toordinal())
