"""The rows of /compare/: one per fact, one value per elective, in words."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateformat import format as format_date

from electives.approval import approval_facts
from electives.models import DeadlineStatus, deadline_status
from electives.policy import policy_concern
from electives.templatetags.directory import (
    NOT_STATED,
    fee,
    housing,
    language_names,
    pgy_range,
    specialty_names,
    weeks,
)

# The richer fields (SPEC.md, Domain): each a row, "Not stated" when empty.
RICHER_FIELDS = [
    ("scope", "Scope"),
    ("supervision", "Supervision"),
    ("fee_includes", "Fee includes"),
    ("malpractice", "Malpractice cover"),
    ("emergency_support", "24/7 support in the country"),
]


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


def deadline_text(elective, today):
    status = deadline_status(elective.deadline, today)
    if status == DeadlineStatus.ROLLING and "deadline" in elective.unstated:
        return NOT_STATED
    if status == DeadlineStatus.ROLLING:
        return "Rolling admission"
    if status == DeadlineStatus.CLOSED:
        return f"Closed for this cycle (passed {day(elective.deadline)})"
    return f"Open until {day(elective.deadline)}"


def advisory_text(elective):
    advisory = getattr(elective, "advisory", None)
    return advisory.get_level_display() if advisory else "None on file"


def rows(electives):
    today = timezone.localdate()
    facts = [
        ("Type", lambda e: e.get_category_display()),
        ("Sponsor", lambda e: e.organization.name),
        ("Where", lambda e: ", ".join(filter(None, [e.city, e.country.name]))),
        ("Travel advisory", advisory_text),
        ("Training years", pgy_range),
        ("Specialties", specialty_names),
        ("Length", weeks),
        ("Program fee", lambda e: fee(e.cost_usd)),
        ("Housing", housing),
        ("Languages", language_names),
        ("Deadline", lambda e: deadline_text(e, today)),
        *[(label, lambda e, name=name: _richer(e, name)) for name, label in RICHER_FIELDS],
        ("Last verified", lambda e: day(e.last_verified) if e.last_verified else "Not yet"),
    ]
    table = [
        Row(label, [{"title": e.title, "text": str(value(e))} for e in electives])
        for label, value in facts
    ]
    approval = [approval_facts(e) for e in electives]
    table += [
        Row(
            fact.label,
            [
                {"title": e.title, "text": of[n].text}
                for e, of in zip(electives, approval, strict=True)
            ],
        )
        for n, fact in enumerate(approval[0])
    ]
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


def _richer(elective, name):
    display = getattr(elective, f"get_{name}_display", None)
    value = display() if display else getattr(elective, name)
    return value or "Not stated"
