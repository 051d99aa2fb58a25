"""The rows of /compare/: one per fact, one value per elective, in words."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe

from electives.facts import elective_facts
from electives.policy import policy_concern

# Rows the apps above residents add (debriefs: their summary), from their AppConfig.ready():
# (label, a function of the electives giving each one's text, in order).
EXTRA_ROWS = []


@dataclass
class Row:
    label: str
    values: list

    @property
    def differs(self):
        return len({value["text"] for value in self.values}) > 1


def day(value):
    return format_date(value, "j F Y")


def deadline(elective):
    """The one wording of the deadline's status (templates/includes/deadline_status.html)."""
    html = render_to_string("includes/deadline_status.html", {"elective": elective, "short": True})
    return mark_safe(html.strip())  # a template's output, escaped already


def advisory_text(elective):
    advisory = getattr(elective, "advisory", None)
    return advisory.get_level_display() if advisory else "No advisory on file"


def rows(electives):
    table = [
        Row(label, [{"title": e.title, "text": str(value(e))} for e in electives])
        for label, value in [
            ("Type", lambda e: e.get_category_display()),
            ("Sponsor", lambda e: e.organization.name),
            ("Where", lambda e: ", ".join(filter(None, [e.city, e.country.name]))),
            ("Travel advisory", advisory_text),
        ]
    ]
    table += _fact_rows(electives, "basic")
    table.append(Row("Deadline", [{"title": e.title, "text": deadline(e)} for e in electives]))
    table += _fact_rows(electives, "richer")
    table.append(
        Row(
            "Last verified",
            [
                {"title": e.title, "text": day(e.last_verified) if e.last_verified else "Not yet"}
                for e in electives
            ],
        )
    )
    table += _fact_rows(electives, "approval")
    concerns = [policy_concern(e.country.code, _level(e)) for e in electives]
    if any(concerns):
        within = "Within your institution's policy"
        table.append(
            Row(
                "Your institution's policy",
                [
                    {"title": e.title, "text": c or within}
                    for e, c in zip(electives, concerns, strict=True)
                ],
            )
        )
    for label, texts in EXTRA_ROWS:
        values = zip(electives, texts(electives), strict=True)
        table.append(Row(label, [{"title": e.title, "text": text} for e, text in values]))
    return table


def _level(elective):
    advisory = getattr(elective, "advisory", None)
    return advisory.level if advisory else None


def _fact_rows(electives, group):
    """One row per fact of the group (electives.facts), the electives' words side by side."""
    columns = [elective_facts(e, group) for e in electives]
    return [
        Row(
            fact.label,
            [
                {"title": e.title, "text": of[n].text}
                for e, of in zip(electives, columns, strict=True)
            ],
        )
        for n, fact in enumerate(columns[0])
    ]
