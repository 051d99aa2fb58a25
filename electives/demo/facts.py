"""The facts a GME office asks about a demo elective, one declared entry per field.

Each entry says how to pick a value for a listing, consistent with its scope: an
observership never promises hands-on work, and its malpractice lines say observers do not
treat patients. Hosts differ in how much they state: most state everything, some leave a
few facts out (they read "Not stated"), a few state almost nothing.

A new approval field needs one entry in FACTS, e.g.

    "duty_hours": Fact(lambda listing: listing.by_scope(DUTY_HOURS)),

where a pick reads the listing (scope, category, topic, place, fee, and the facts picked
before it in `listing.facts`); seed_demo sets every field of the table, and an unstated
fact gets its field's empty value.
"""

import datetime
import functools
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.text import slugify

from electives.models import Accreditation, Category, Elective, Insurance, Scope, YesNo

from .places import HIGH_INCOME, address, person
from .topics import Topic

HANDS_ON, OBSERVERSHIP, RESEARCH_ONLY = Scope.HANDS_ON, Scope.OBSERVERSHIP, Scope.RESEARCH_ONLY
# How much hosts state: (share of hosts, chance that each fact is stated).
THOROUGHNESS = [(0.6, 1.0), (0.32, 0.7), (0.08, 0.0)]
CHANCES = [chance for _, chance in THOROUGHNESS]
SHARES = list(itertools.accumulate(share for share, _ in THOROUGHNESS))


@dataclass
class Listing:
    """What the facts of one demo elective are chosen from; `facts` holds those chosen so far
    (in the table's order), so that a later fact can agree with an earlier one."""

    rng: random.Random
    category: str
    scope: str
    topic: Topic
    country: str
    city: str
    site: str
    cost: int | None
    today: datetime.date
    facts: dict = field(default_factory=dict)

    def by_scope(self, choices):
        """One of the choices for this listing's scope ("" when it is not stated)."""
        return self.rng.choice(choices[self.scope])


class Fact(NamedTuple):
    pick: Callable[[Listing], object]
    always: bool = False  # stated by every host: it says what kind of elective this is


def yes_or_no(yes_by_scope):
    def pick(listing):
        chance = yes_by_scope.get(listing.scope, yes_by_scope[""])
        return YesNo.YES if listing.rng.random() < chance else YesNo.NO

    return pick


def supervisor(listing):
    name, role = person(listing.rng, listing.country), listing.topic.role
    extra = listing.rng.choice(["", "", ", head of department", ", elective lead"])
    return f"Dr. {name}, {role}{extra}"


SUPERVISION = {
    HANDS_ON: [
        "Daily ward rounds with the supervising consultant; a senior resident of the host "
        "team is on site whenever you are.",
        "The supervising consultant reviews every patient you see, with feedback each week.",
        "You work within the host team under the consultant on duty, who reviews your plans.",
    ],
    OBSERVERSHIP: [
        "You shadow the supervising consultant on rounds and in clinic; observers do not "
        "examine or treat patients.",
        "A consultant of the host department guides your observership day by day.",
    ],
    RESEARCH_ONLY: [
        "Weekly meetings with the principal investigator and daily contact with the local "
        "co-investigator.",
        "The study's principal investigator, with a weekly review of your work.",
    ],
    "": [
        "A consultant of the host department, with daily ward rounds.",
        "The program's medical lead, with weekly meetings.",
    ],
}
MALPRACTICE = {
    HANDS_ON: [
        "Your home program's cover, extended abroad; the host adds local cover.",
        "Your program's policy must cover international rotations; the host asks for a "
        "certificate of cover.",
        "The host's indemnity covers visiting residents once they are registered with the "
        "national medical council.",
    ],
    OBSERVERSHIP: ["Not needed: observers do not treat patients."],
    RESEARCH_ONLY: ["Not needed for research work: it involves no patient care."],
    "": ["Ask the host: the cover you need depends on how much you do for patients."],
}


def malpractice_cost(listing):
    if listing.scope == OBSERVERSHIP:
        return "None: observers do not treat patients."
    if listing.scope == RESEARCH_ONLY:
        return "None: research work involves no patient care."
    if listing.scope == "":
        return ""
    rng = listing.rng
    choices = [
        f"About ${rng.randint(9, 48) * 10} for local cover, paid by the resident.",
        "None if your program's policy covers international rotations.",
    ]
    if listing.cost:
        choices.append("Included in the program fee.")
    return rng.choice(choices)


def requirements(listing):
    rng = listing.rng
    documents = ["Program director's letter", "CV"]
    documents += rng.sample(
        ["proof of measles and hepatitis B immunity", "a recent TB test", "a passport copy"],
        k=rng.randint(1, 3),
    )
    if listing.scope == HANDS_ON:
        regulator = (
            "registration with the medical regulator"
            if listing.country in HIGH_INCOME
            else "temporary registration with the national medical council"
        )
        weeks = rng.choice([4, 6, 8, 12])
        tail = f"a copy of your medical license and {regulator} (allow {weeks} weeks)"
    elif listing.scope == OBSERVERSHIP:
        tail = "a copy of your medical license; observers need no local registration"
    elif listing.scope == RESEARCH_ONLY:
        tail = "Good Clinical Practice training, and the study's ethics training on arrival"
    else:
        tail = "a copy of your medical license"
    return ", ".join(documents) + ", " + tail + "."


def lead_time(listing):
    return listing.rng.choice(
        {
            HANDS_ON: [8, 10, 12, 12, 16, 20, 24, 26],
            OBSERVERSHIP: [4, 6, 8, 8, 12],
            RESEARCH_ONLY: [6, 8, 12, 16],
            "": [6, 8, 10, 12],
        }[listing.scope]
    )


CONTACT_TITLES = {
    Category.CLINICAL: [
        "Elective coordinator",
        "Medical education officer",
        "Postgraduate training coordinator",
        "International office manager",
    ],
    Category.COMMUNITY_HEALTH: ["Program coordinator", "Volunteer and training coordinator"],
    Category.RESEARCH: ["Study coordinator", "Research unit manager"],
}


# slugify costs ~8 µs a call: names and sites repeat, so each is slugified once.
cached_slugify = functools.cache(slugify)


def contact_email(listing):
    domain = cached_slugify(listing.site)[:40].strip("-")
    name = listing.facts.get("site_contact_name")
    local = cached_slugify(name).replace("-", ".") if name else "electives"
    return f"{local}@{domain}.example.org"


CREDENTIALS = [
    "Board-certified in the specialty (national specialist register)",
    "Fellow of the national college of the specialty, 10+ years in practice",
    "Specialist registration with the national medical council; trains local residents",
    "Consultant with a master's degree in the specialty (MMed)",
]
FREQUENCY = {
    HANDS_ON: ["Every working day, on site", "Daily rounds; available by phone at night"],
    OBSERVERSHIP: ["Every day you are on site", "Most days, in clinic and on rounds"],
    RESEARCH_ONLY: ["Weekly meetings, daily by message", "Twice a week in person"],
    "": ["Every working day", "Several times a week"],
}
EVALUATION = {
    HANDS_ON: [
        "Your program's form, completed by the supervisor within two weeks of the end",
        "A written evaluation and a mid-rotation review with the supervisor",
    ],
    OBSERVERSHIP: ["A letter confirming attendance, within a month of the end"],
    RESEARCH_ONLY: ["A written report on your contribution, within a month of the end"],
    "": ["Your program's form, if you bring it"],
}
# Call and duty hours: an observership never promises call or hands-on duty.
CALL = {
    HANDS_ON: ["Shared call with the host team, one night in five", "No overnight call"],
    OBSERVERSHIP: ["No call: observers keep daytime hours"],
    RESEARCH_ONLY: ["No call"],
    "": ["No overnight call"],
}
HOURS = {HANDS_ON: [45, 50, 55, 60], OBSERVERSHIP: [35, 40], RESEARCH_ONLY: [35, 40], "": [40]}
EXPOSURE_PLAN = [
    "Post-exposure prophylaxis started within hours at the hospital's staff clinic, "
    "free of charge to visiting residents.",
    "The host's occupational health nurse manages exposures; PEP is kept on the wards.",
    "Report to the emergency department; the host provides the first doses of PEP.",
]


def accreditation(listing):
    if listing.category != Category.CLINICAL:
        return ""
    return listing.rng.choice([Accreditation.JCI, Accreditation.NATIONAL, Accreditation.NATIONAL])


def accrediting_body(listing):
    if listing.facts.get("accreditation") != Accreditation.NATIONAL:
        return ""
    return f"{listing.country} national hospital accreditation"


def insurance(weights):
    def pick(listing):
        return listing.rng.choices(list(Insurance), weights=weights)[0]

    return pick


def total_cost(listing):
    """The host's estimate: the fee, housing and a typical flight and visa from the U.S."""
    flight = 700 if listing.country in HIGH_INCOME else listing.rng.randint(9, 18) * 100
    return (listing.cost or 0) + flight + listing.rng.randint(2, 9) * 50


# Every approval and richer fact seed_demo sets, in the order they are picked.
FACTS = {
    "supervisor": Fact(supervisor),
    "supervision": Fact(lambda listing: listing.by_scope(SUPERVISION)),
    "letter_of_agreement": Fact(
        yes_or_no({HANDS_ON: 0.8, OBSERVERSHIP: 0.55, RESEARCH_ONLY: 0.7, "": 0.6})
    ),
    "evaluation_returned": Fact(
        yes_or_no({HANDS_ON: 0.85, OBSERVERSHIP: 0.4, RESEARCH_ONLY: 0.6, "": 0.6})
    ),
    "site_address": Fact(
        lambda listing: address(listing.rng, listing.country, listing.city, listing.site)
    ),
    "site_contact_name": Fact(lambda listing: person(listing.rng, listing.country)),
    "site_contact_title": Fact(
        lambda listing: listing.rng.choice(CONTACT_TITLES[listing.category])
    ),
    "site_contact_email": Fact(contact_email),
    "lead_time_weeks": Fact(lead_time),
    "malpractice": Fact(lambda listing: listing.by_scope(MALPRACTICE), always=True),
    "malpractice_cost": Fact(malpractice_cost),
    "requirements": Fact(requirements),
    "emergency_support": Fact(yes_or_no({"": 0.7})),
    "credit_granted": Fact(yes_or_no({OBSERVERSHIP: 0.5, "": 0.85})),
    "partner_since": Fact(lambda listing: listing.rng.randint(1995, listing.today.year - 1)),
}
# What program directors, GME offices and boards also ask (electives.site_facts). Picked
# with a generator of their own (Listing.site_rng), so that adding one leaves every other
# demo value as it was.
SITE_FACTS = {
    "supervisor_credentials": Fact(lambda listing: listing.rng.choice(CREDENTIALS)),
    "supervision_frequency": Fact(lambda listing: listing.by_scope(FREQUENCY)),
    "evaluation_details": Fact(lambda listing: listing.by_scope(EVALUATION)),
    "accreditation": Fact(accreditation),
    "accrediting_body": Fact(accrediting_body),
    "duty_hours_week": Fact(lambda listing: listing.by_scope(HOURS)),
    "call_schedule": Fact(lambda listing: listing.by_scope(CALL)),
    "evacuation_insurance": Fact(insurance([2, 6, 1])),
    "health_insurance": Fact(insurance([1, 8, 1])),
    "disability_insurance": Fact(insurance([1, 3, 4])),
    "exposure_plan": Fact(
        lambda listing: "" if listing.scope != HANDS_ON else listing.rng.choice(EXPOSURE_PLAN)
    ),
    "emergency_contact": Fact(
        lambda listing: (
            f"{person(listing.rng, listing.country)}, on call for visitors, "
            f"+{listing.rng.randint(20, 99)} {listing.rng.randint(100, 999)} "
            f"{listing.rng.randint(100000, 999999)}"
        )
    ),
    "total_cost_usd": Fact(total_cost),
    "total_cost_notes": Fact(
        lambda listing: "Fee, housing, a typical return flight from the U.S. and the visa."
    ),
}
# What a fact the host has not stated holds: NULL or an empty string, as its field allows.
UNSTATED = {
    name: None if Elective._meta.get_field(name).null else "" for name in {**FACTS, **SITE_FACTS}
}


def pick_facts(listing):
    """{field: value} of every fact in FACTS for the listing, some unstated."""
    rng = listing.rng
    chance = rng.choices(CHANCES, cum_weights=SHARES)[0]
    for name, fact in FACTS.items():
        stated = fact.always or rng.random() < chance
        listing.facts[name] = fact.pick(listing) if stated else UNSTATED[name]
    # Seeded by the listing itself (a string seed is hashed the same in every process).
    listing.rng = random.Random(
        f"{listing.site}|{listing.city}|{listing.topic}|{listing.scope}|{listing.cost}"
    )
    try:
        for name, fact in SITE_FACTS.items():
            stated = fact.always or listing.rng.random() < chance
            listing.facts[name] = fact.pick(listing) if stated else UNSTATED[name]
    finally:
        listing.rng = rng
    return listing.facts
