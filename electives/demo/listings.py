"""How a demo listing reads: its length, fee, summary and description, agreeing with its
scope (an observership promises no call and no patient care) and its stated facts (a
listing that speaks of a named on-site supervisor names one)."""

from electives.models import Category, Scope

from .places import HIGH_INCOME

HANDS_ON, OBSERVERSHIP, RESEARCH_ONLY = Scope.HANDS_ON, Scope.OBSERVERSHIP, Scope.RESEARCH_ONLY
# Shortest stays, by scope or (for hands-on and unstated scopes) category.
SHORTEST_WEEKS = {
    OBSERVERSHIP: [1, 2, 2, 3, 4, 4],
    RESEARCH_ONLY: [4, 6, 8, 8, 12, 16],
    Category.CLINICAL: [2, 3, 4, 4, 4, 5, 6, 8],
    Category.COMMUNITY_HEALTH: [2, 3, 4, 4, 6],
}
LONGER_BY = [0, 0, 0, 1, 2, 4, 8]


def weeks(rng, category, scope):
    shortest = rng.choice(SHORTEST_WEEKS.get(scope) or SHORTEST_WEEKS[category])
    return shortest, shortest + rng.choice(LONGER_BY)


# Fees in USD as real programs set them: a high-income hospital's elective or observership
# fee; an NGO's or mission's program that includes housing; a hospital's bench fee in a
# low- or middle-income country; a research unit's administration fee. Some charge per week.
FEE_RANGES = {
    "high-income": (900, 4800),
    "program": (1100, 4200),
    "hospital": (150, 1400),
    "research": (150, 900),
}
# Most fees come to odd amounts (a weekly rate, a converted local fee); a few are round.
ROUNDED_TO = [5, 5, 5, 10, 10, 25, 100]


def fee(rng, country, scope, sponsor_kind, weeks_min):
    """The program fee: None when not stated, 0 when free."""
    roll = rng.random()
    free = 0.45 if scope == RESEARCH_ONLY else 0.3 if sponsor_kind == "government" else 0.12
    if roll < 0.07:
        return None
    if roll < 0.07 + free:
        return 0
    if scope == RESEARCH_ONLY:
        kind = "research"
    elif country in HIGH_INCOME:
        kind = "high-income"
    elif sponsor_kind in ("ngo", "faith-based"):
        kind = "program"
    else:
        kind = "hospital"
    low, high = FEE_RANGES[kind]
    if rng.random() < 0.35:  # a weekly rate
        amount = rng.uniform(low, high) / 4 * weeks_min
    else:
        amount = rng.uniform(low, high)
    step = rng.choice(ROUNDED_TO)
    return int(min(high, max(low, round(amount / step) * step)))


def fee_includes(rng, cost, housing):
    if cost is None:
        return ""
    if cost == 0:
        return "No program fee." + (" Housing is provided free." if housing else "")
    if housing:
        return rng.choice(
            [
                "Housing, airport pickup and local transport.",
                "Shared housing near the hospital and weekday breakfasts.",
                "A room in the hospital's guest house and airport transfers.",
            ]
        )
    return rng.choice(
        [
            "Airport pickup.",
            "Registration, orientation and an airport pickup.",
            "The hospital's administration and registration fees.",
        ]
    )


def summary(lead, scope, site):
    if scope == OBSERVERSHIP:
        return f"An observership: {lead[0].lower()}{lead[1:]} at {site}."
    return f"{lead} at {site}."


WORK = {
    (Category.CLINICAL, HANDS_ON): [
        "{Where}: hands-on work within your level of training, under supervision",
        "{call}",
        "Morning report and teaching sessions with local trainees",
        "A short presentation to the host department before you leave",
    ],
    (Category.CLINICAL, OBSERVERSHIP): [
        "{Where}: observing alongside the host team",
        "Morning report and teaching sessions with local trainees",
        "Observers do not examine or treat patients",
        "A short presentation to the host department before you leave",
    ],
    (Category.CLINICAL, ""): [
        "{Where}, with the host team",
        "Morning report and teaching sessions with local trainees",
        "A short presentation to the host department before you leave",
    ],
    (Category.COMMUNITY_HEALTH, HANDS_ON): [
        "Field days ({where}), seeing patients under supervision, back at base each evening",
        "A weekly planning meeting with the program team",
        "A short report or teaching session for the program before you leave",
    ],
    (Category.COMMUNITY_HEALTH, OBSERVERSHIP): [
        "Field days ({where}) observing community health workers, back at base each evening",
        "A weekly planning meeting with the program team",
        "Observers do not examine or treat patients",
    ],
    (Category.COMMUNITY_HEALTH, ""): [
        "Field days ({where}) with community health workers, back at base each evening",
        "A weekly planning meeting with the program team",
        "A short report or teaching session for the program before you leave",
    ],
    (Category.RESEARCH, RESEARCH_ONLY): [
        "Protocol, ethics and data-protection training in the first week",
        "Data collection or analysis for {where}, office hours only",
        "An abstract or report of your part of the project",
    ],
}
WHO = {
    HANDS_ON: "Residents who can commit to the whole stay and have their program director's "
    "written approval and the local registration the host arranges.",
    OBSERVERSHIP: "Residents who want to see how care is organised here, with their program "
    "director's written approval. Observers need no local registration.",
    RESEARCH_ONLY: "Residents with some research experience and their program director's "
    "written approval. No patient care is involved.",
    "": "Residents who can commit to the whole stay and have their program director's "
    "written approval. Ask the host how much patient contact to expect.",
}
DESCRIPTION = """\
## What you will do

{summary} {supervised}

{work}

## Who should apply

{who} Housing and travel details come with the offer letter.

*This listing is demo data for a local copy of Electives Abroad.*
"""


def description(summary, category, scope, topic, supervisor):
    supervised = (
        f"Residents work under a named on-site supervisor: {supervisor}."
        if supervisor
        else "The host department assigns your supervisor when you arrive."
    )
    where, call = topic.where, topic.call
    lines = [
        line.format(where=where, Where=where[0].upper() + where[1:], call=call)
        for line in WORK[category, scope]
    ]
    return DESCRIPTION.format(
        summary=summary,
        supervised=supervised,
        work="\n".join(f"- {line}" for line in lines if line),
        who=WHO[scope],
    )
