"""What program directors, GME offices and boards ask about the site beyond the first
approval fields (issue 26), declared once: each fact's label, the elective's fields behind
it (which are also its CSV columns and JSON keys, through electives.csv.record) and how to
word it. electives.approval shows them after its own facts, "Not stated" when empty.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteFact:
    label: str
    fields: tuple  # the Elective fields (CSV columns, JSON keys) it reads
    word: object  # elective -> text, "" when not stated


def _display(elective, name):
    return getattr(elective, f"get_{name}_display")() if getattr(elective, name) else ""


def _accreditation(elective):
    said = _display(elective, "accreditation")
    if said and elective.accrediting_body and elective.accreditation == "national":
        return f"{said} ({elective.accrediting_body})"
    return said or (
        f"Accrediting body: {elective.accrediting_body}" if elective.accrediting_body else ""
    )


def _duty_hours(elective):
    hours = elective.duty_hours_week
    parts = [
        f"About {hours} hours a week" if hours is not None else "",
        f"call: {elective.call_schedule}" if elective.call_schedule else "",
    ]
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def _insurance(elective):
    kinds = [
        ("Evacuation", "evacuation_insurance"),
        ("Health", "health_insurance"),
        ("Disability", "disability_insurance"),
    ]
    said = [
        f"{kind}: {_display(elective, name).lower()}"
        for kind, name in kinds
        if getattr(elective, name)
    ]
    if not said:
        return ""
    unsaid = [kind.lower() for kind, name in kinds if not getattr(elective, name)]
    if unsaid:
        said.append(f"{', '.join(unsaid).capitalize()}: not stated")
    return "; ".join(said)


def _total_cost(elective):
    if elective.total_cost_usd is None:
        return elective.total_cost_notes and f"No total given; {elective.total_cost_notes}"
    total = f"About ${elective.total_cost_usd:,} (USD)"
    return f"{total}: {elective.total_cost_notes}" if elective.total_cost_notes else total


SITE_FACTS = [
    SiteFact(
        "Supervisor's credentials", ("supervisor_credentials",), lambda e: e.supervisor_credentials
    ),
    SiteFact(
        "How often the supervisor supervises",
        ("supervision_frequency",),
        lambda e: e.supervision_frequency,
    ),
    SiteFact(
        "Evaluation the host returns, and when",
        ("evaluation_details",),
        lambda e: e.evaluation_details,
    ),
    SiteFact("Accredited hospital", ("accreditation", "accrediting_body"), _accreditation),
    SiteFact("Duty hours and call", ("duty_hours_week", "call_schedule"), _duty_hours),
    SiteFact(
        "Insurance the host provides or requires",
        ("evacuation_insurance", "health_insurance", "disability_insurance"),
        _insurance,
    ),
    SiteFact(
        "Needlestick and HIV post-exposure plan", ("exposure_plan",), lambda e: e.exposure_plan
    ),
    SiteFact("24/7 emergency contact", ("emergency_contact",), lambda e: e.emergency_contact),
    SiteFact(
        "Estimated total cost for the resident", ("total_cost_usd", "total_cost_notes"), _total_cost
    ),
]
# Every field, in declaration order: the CSV's columns after the approval fields.
SITE_FIELDS = [name for fact in SITE_FACTS for name in fact.fields]
