"""What a GME office asks before it approves an elective (SPEC.md, "Additions"), in words.

The one reading of the approval fields that the elective's page, compare, the approval
packet and the sponsors' verify page share: each fact the sponsor has not stated reads
"Not stated", never as a default ("no", "0 weeks").
"""

from dataclasses import dataclass

from .site_facts import SITE_FACTS

NOT_STATED = "Not stated"


@dataclass(frozen=True)
class Fact:
    label: str
    text: str  # NOT_STATED when the sponsor has not said

    @property
    def stated(self):
        return self.text != NOT_STATED


def _choice(elective, name):
    return getattr(elective, f"get_{name}_display")() if getattr(elective, name) else ""


def _lead_time(elective):
    weeks = elective.lead_time_weeks
    if weeks is None:
        return ""
    return f"{weeks} week{'' if weeks == 1 else 's'} before the start"


def _contact(elective):
    return ", ".join(
        filter(
            None,
            [elective.site_contact_name, elective.site_contact_title, elective.site_contact_email],
        )
    )


# (label, how to read it from an elective), in the order a GME office's form asks.
FACTS = [
    ("Signs a program letter of agreement", lambda e: _choice(e, "letter_of_agreement")),
    ("Supervisor and credentials", lambda e: e.supervisor),
    ("Returns an evaluation of the resident", lambda e: _choice(e, "evaluation_returned")),
    ("Site address", lambda e: e.site_address),
    ("Site contact", _contact),
    ("Lead time for paperwork", _lead_time),
    ("Malpractice cost", lambda e: e.malpractice_cost),
]


def approval_facts(elective):
    """[Fact] for every approval field of the elective, stated or not."""
    facts = [*FACTS, *((fact.label, fact.word) for fact in SITE_FACTS)]
    return [Fact(label, read(elective) or NOT_STATED) for label, read in facts]
