"""What a GME office asks before it approves an elective (SPEC.md, "Additions"): each
approval field read in words, "" when the sponsor has not said. electives.facts lists them
with the other facts, and says "Not stated" for the empty ones, never a default ("no",
"0 weeks").
"""

from .site_facts import SITE_FACTS


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
# What GME offices and boards ask beyond that (issue 26), declared in electives.site_facts.
FACTS += [(fact.label, fact.word) for fact in SITE_FACTS]
