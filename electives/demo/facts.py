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

from electives.models import Category, Elective, Scope, YesNo

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
# What a fact the host has not stated holds: NULL or an empty string, as its field allows.
UNSTATED = {name: None if Elective._meta.get_field(name).null else "" for name in FACTS}


def pick_facts(listing):
    """{field: value} of every fact in FACTS for the listing, some unstated."""
    rng = listing.rng
    chance = rng.choices(CHANCES, cum_weights=SHARES)[0]
    for name, fact in FACTS.items():
        stated = fact.always or rng.random() < chance
        listing.facts[name] = fact.pick(listing) if stated else UNSTATED[name]
    return listing.facts
