"""An elective's facts in words, stated or not: the one reading the detail page, cards,
compare, the approval packet and the sponsors' verify page share.

A fact nobody stated (Elective.unstated, or an empty richer or approval field) reads
NOT_STATED, never as a default that reads as a fact ("Open to all specialties", "Not
provided", "English only"). The deadline's words are a template's
(templates/includes/deadline_status.html), decided by Elective.deadline_status.
"""

from dataclasses import dataclass

from .approval import FACTS as APPROVAL
from .models import Fact as Unstated

NOT_STATED = "Not stated"


@dataclass(frozen=True)
class Fact:
    label: str
    text: str  # NOT_STATED when nobody has said

    @property
    def stated(self):
        return self.text != NOT_STATED


def _unless_unstated(fact, words):
    """The words, or NOT_STATED when the elective's `fact` was never stated."""

    def read(elective):
        return NOT_STATED if fact in elective.unstated else words(elective)

    return read


def fee(cost_usd):
    """The fee as cards say it ("Fee not stated" stands alone in a card's line)."""
    if cost_usd is None:
        return "Fee not stated"
    if cost_usd == 0:
        return "Free"
    return f"${cost_usd:,}"


def weeks(elective):
    if elective.weeks_min == elective.weeks_max:
        return f"{elective.weeks_min} week{'s' if elective.weeks_min != 1 else ''}"
    return f"{elective.weeks_min}–{elective.weeks_max} weeks"


def _pgy_range(elective):
    low, high = elective.pgy_min, elective.pgy_max
    if low is None and high is None:
        return "Any PGY year"
    if low is None:
        return f"Up to PGY-{high}"
    if high is None:
        return f"PGY-{low} and above"
    if low == high:
        return f"PGY-{low} only"
    return f"PGY-{low} to PGY-{high}"


def _specialty_names(elective):
    """Its specialties (from the prefetch), or what listing none means."""
    names = ", ".join(specialty.name for specialty in elective.specialties.all())
    return names or "Open to all specialties"


def _language_names(elective):
    """The languages one must work in: "English and Spanish", "English only"."""
    names = ["English", *(language.plain_name for language in elective.languages.all())]
    if len(names) == 1:
        return "English only"
    return ", ".join(names[:-1]) + " and " + names[-1]


pgy_range = _unless_unstated(Unstated.PGY, _pgy_range)
housing = _unless_unstated(Unstated.HOUSING, lambda e: "Provided" if e.housing else "Not provided")
specialty_names = _unless_unstated(Unstated.SPECIALTIES, _specialty_names)
language_names = _unless_unstated(Unstated.LANGUAGES, _language_names)


def _program_fee(elective):
    cost = elective.cost_usd
    if cost is None:
        return ""
    return f"{fee(cost)} (USD)" if cost else fee(cost)


def _choice_or_text(name):
    def read(elective):
        display = getattr(elective, f"get_{name}_display", None)
        return display() if display and getattr(elective, name) else getattr(elective, name)

    return read


# Each group's (label, how to read it from an elective: "" when not stated), in the order
# the pages show them.
GROUPS = {
    "basic": [
        ("Specialties", specialty_names),
        ("Who can apply", pgy_range),
        ("Length", weeks),
        ("Program fee", _program_fee),
        ("Housing", housing),
        ("Languages", language_names),
    ],
    # SPEC.md's richer listing.
    "richer": [
        ("Scope", _choice_or_text("scope")),
        ("The fee includes", _choice_or_text("fee_includes")),
        ("On-site supervision", _choice_or_text("supervision")),
        ("Malpractice cover", _choice_or_text("malpractice")),
        ("Requirements", _choice_or_text("requirements")),
        ("24/7 emergency support", _choice_or_text("emergency_support")),
    ],
    # What a GME office asks before it approves (electives.approval).
    "approval": APPROVAL,
}


def elective_facts(elective, *groups):
    """[Fact] of the elective for those groups (all when none is named), stated or not."""
    return [
        Fact(label, read(elective) or NOT_STATED)
        for group in groups or GROUPS
        for label, read in GROUPS[group]
    ]
