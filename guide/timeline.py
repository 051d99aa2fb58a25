"""The steps of an elective abroad, each counted back from the planned start: the one
timeline that the guide's timeline page, the plan, the approval packet and plan.ics render
(README, "Getting an elective approved").

Counted back from the start: the institution's approval lead time (GME_APPROVAL_LEAD_DAYS),
the host's lead time when it states one, the listed application deadline only when it falls
before the start (a later one belongs to another cycle), and fixed offsets for the rest. So
no step before departure is ever dated after the start. Date arithmetic never raises: a
stored date at the calendar's edge (0001-01-01, 9999-12-31) leaves a step undated instead.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

# When the host gives no deadline for the resident's dates: apply at least this far ahead
# (hosts ask for three to six months; the guide's timeline page says six).
APPLICATION_DAYS = 180
J1_NOTICE_DAYS = 30  # ECFMG asks J-1 physicians for notice at least this far ahead
DEBRIEF_DAYS_AFTER_RETURN = 7

# What a step's date counts from.
START, RETURN = "start", "return"


@dataclass(frozen=True)
class Situation:
    """What the timeline depends on. Without an elective (the guide's page) every step is
    shown, conditional ones with their condition, counted from an unknown start."""

    elective: bool = False
    start: datetime.date | None = None
    clinical: bool = True
    deadline: datetime.date | None = None
    # No deadline because nobody stated one (not rolling admission): electives' one decision,
    # Elective.deadline_status.
    deadline_unstated: bool = False
    lead_time_weeks: int | None = None
    weeks: int | None = None  # the shortest stay
    advisory_level: int | None = None
    j1: bool = False


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    what: str
    overdue: str  # what to do when its date has passed
    guide: tuple  # (guide page slug, section anchor)
    condition: str = ""  # when the step applies, in words (the guide's page shows it)

    @property
    def guide_url(self):
        slug, anchor = self.guide
        return reverse("guide:page", args=[slug]) + f"#{anchor}"


@dataclass(frozen=True)
class DatedStep:
    step: Step
    days: int | None  # before (negative) or after its basis; None: as the host asks
    basis: str  # START or RETURN
    day: datetime.date | None  # None without a start, or when out of the calendar's range
    overdue: bool = False
    note: str = ""  # this elective's word on the step (e.g. another cycle's deadline)

    @property
    def when(self):
        """The offset in words: "120 days before you start"."""
        if self.days is None:
            return "As far ahead as the host asks"
        if self.basis == RETURN:
            return f"{_days(self.days)} after you come back"
        if self.days == 0:
            return "On the day you start"
        return f"{_days(-self.days)} before you start"


def _days(n):
    return f"{n} day{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Timeline:
    steps: list
    start: datetime.date | None

    @property
    def overdue(self):
        return [dated for dated in self.steps if dated.overdue]

    @property
    def too_close(self):
        """A start too close to do every step before it."""
        return any(dated.overdue and dated.basis == START for dated in self.steps)


def shifted(day, days):
    """day + days, or None past the calendar's ends (never an OverflowError)."""
    if day is None:
        return None
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return None


APPROVAL = Step(
    "approval",
    "Program and GME approval",
    "Send your request to your program director and GME office, with this packet. Book no "
    "travel and pay no fee until it is approved in writing.",
    "Ask your GME office today whether a late request can still be considered; if it cannot, "
    "choose a later start.",
    ("will-it-count", "your-program-and-gme-office"),
)
TRAVEL_RISK = Step(
    "travel-risk",
    "Approval from the travel-risk committee",
    "The State Department advises reconsidering or avoiding travel to this country: ask for "
    "the approval your institution requires before you book anything.",
    "Ask the committee today whether it can still review the trip before you go; do not "
    "travel without its answer.",
    ("safety-and-security", "institutional-rules"),
    condition="Countries at State Department advisory level 3 or 4",
)
APPLICATION = Step(
    "application",
    "Send your application",
    "Apply through the host with the documents it asks for.",
    "Ask the host whether it still takes applications for your dates.",
    ("timeline", "six-months-or-more-before-application-and-approval"),
)
HOST_PAPERWORK = Step(
    "host-paperwork",
    "Send the host its paperwork",
    "The host needs your paperwork (letters, licence, CV) this far ahead.",
    "Ask the host whether it can still prepare your placement for these dates.",
    ("timeline", "four-to-eight-months-before-paperwork"),
    condition="When the host states how far ahead it needs the paperwork",
)
J1 = Step(
    "j1",
    "Tell ECFMG (J-1 sponsor) about the rotation",
    f"ECFMG sponsors J-1 physicians in training: tell it about the rotation abroad at least "
    f"{J1_NOTICE_DAYS} days before you leave, through your program's J-1 contact.",
    "Contact your program's J-1 contact and ECFMG today: travelling without notice can put "
    "your visa status at risk.",
    ("licensure-visas-malpractice", "visas"),
    condition="Residents on a J-1 visa",
)


def _fixed(key, title, what, overdue, guide, days, basis=START, condition=""):
    return (Step(key, title, what, overdue, guide, condition), days, basis)


# The steps at fixed offsets: (step, days, basis).
FIXED = [
    _fixed(
        "licensure",
        "Ask about registration or licensure",
        "Clinical work abroad may need temporary registration with the host country's "
        "medical council: ask the host what applies to you.",
        "Ask the host today how long registration takes; without it you may only observe.",
        ("licensure-visas-malpractice", "registration-or-licensure-in-the-host-country"),
        -180,
        condition="Clinical electives",
    ),
    _fixed(
        "visa",
        "Check visa requirements",
        "Find out which visa or permit the elective needs and how long it takes.",
        "Check the embassy's processing time today; if it is longer than the time left, "
        "move the start.",
        ("licensure-visas-malpractice", "visas"),
        -150,
    ),
    _fixed(
        "malpractice",
        "Confirm malpractice cover",
        "Ask your GME office in writing whether your malpractice cover applies abroad.",
        "Ask your GME office today, in writing.",
        ("licensure-visas-malpractice", "malpractice-and-liability"),
        -120,
    ),
    _fixed(
        "insurance",
        "Health insurance and evacuation cover",
        "Buy travel health insurance that includes medical evacuation.",
        "Buy the cover now: most policies must start before you leave.",
        ("health", "insurance-and-evacuation"),
        -90,
    ),
    _fixed(
        "cdc",
        "Read the CDC destination page",
        "Check vaccines, medicines and health risks for the country on the CDC's page.",
        "Read it today, and book the pre-travel visit at once.",
        ("health", "start-with-the-cdcs-destination-page"),
        -75,
    ),
    _fixed(
        "training",
        "Pre-departure training",
        "Complete your institution's pre-departure training and safety briefing.",
        "Ask your program for the soonest session.",
        ("timeline", "two-to-three-months-before-preparation"),
        -60,
    ),
    _fixed(
        "pre-travel-visit",
        "Pre-travel clinic visit",
        "See a travel medicine clinic 4 to 6 weeks before you leave.",
        "Book the soonest visit: some vaccines need weeks to work or several doses.",
        ("timeline", "four-to-six-weeks-before-the-pre-travel-visit"),
        -42,
    ),
    _fixed(
        "step",
        "Enroll in STEP",
        "Register your trip with the State Department's Smart Traveler Enrollment Program.",
        "Enroll now: it takes a few minutes.",
        ("safety-and-security", "enroll-in-step"),
        -14,
    ),
    _fixed(
        "debrief",
        "Debrief after return",
        "Debrief with your program and see a clinician if you feel unwell after return.",
        "Book a debrief with your program now.",
        ("coming-back", "debrief"),
        DEBRIEF_DAYS_AFTER_RETURN,
        basis=RETURN,
    ),
]


def _application(situation):
    """(days before the start, the listed deadline when it is for these dates, a note)."""
    lead_days = 7 * situation.lead_time_weeks if situation.lead_time_weeks is not None else 0
    days = max(APPLICATION_DAYS, lead_days)
    deadline, start = situation.deadline, situation.start
    if not situation.elective:
        return days, None, "Unless the host's deadline for your dates is earlier."
    if deadline is None and situation.deadline_unstated:
        return days, None, "The host has not stated a deadline: ask the host for yours."
    if deadline is None:
        return days, None, "Admission is rolling: apply at least this far ahead."
    if start is None:
        return days, None, "Choose a start date to see whether the listed deadline is for it."
    if deadline < start:
        return days, deadline, "The host's listed deadline."
    return days, None, OTHER_CYCLE


OTHER_CYCLE = (
    "The listed deadline is for another cycle: ask the host for the deadline for your dates."
)


def _planned(situation):
    """(step, days, basis, day fixed by the host or None, note) for each step that applies."""
    guide = not situation.elective
    approval_days = settings.GME_APPROVAL_LEAD_DAYS
    application_days, deadline, note = _application(situation)
    planned = [(APPROVAL, -approval_days, START, None, "")]
    if guide or (situation.advisory_level or 0) >= 3:
        planned.append((_named_committee(), -approval_days, START, None, ""))
    planned.append((APPLICATION, -application_days, START, deadline, note))
    if guide or situation.lead_time_weeks is not None:
        days = None if guide else -7 * situation.lead_time_weeks
        planned.append((HOST_PAPERWORK, days, START, None, ""))
    for step, days, basis in FIXED:
        if step.key != "licensure" or guide or situation.clinical:
            planned.append((step, days, basis, None, ""))
    if guide or situation.j1:
        planned.append((J1, -J1_NOTICE_DAYS, START, None, ""))
    return planned


def timeline(situation, today=None):
    """The steps that apply, dated when there is a start, in date order (ties: as declared);
    without a start, in the order of their offsets."""
    today = today or timezone.localdate()
    start = situation.start
    back = shifted(start, 7 * situation.weeks) if situation.weeks is not None else None
    steps = []
    for step, days, basis, fixed_day, note in _planned(situation):
        if fixed_day is not None:
            day = fixed_day
        elif days is None:
            day = None
        else:
            day = shifted(start if basis == START else back, days)
        overdue = day is not None and day < today
        steps.append(DatedStep(step, days, basis, day, overdue, note))
    order = {dated.step.key: n for n, dated in enumerate(steps)}
    if start:
        steps.sort(key=lambda s: (s.day is None, s.day or datetime.date.min, order[s.step.key]))
    else:
        # The host's own lead time (unknown here) sits beside the application.
        steps.sort(key=lambda s: (s.basis == RETURN, _offset(s), order[s.step.key]))
    return Timeline(steps, start)


def _offset(dated):
    return dated.days if dated.days is not None else -APPLICATION_DAYS


def _named_committee():
    return Step(
        TRAVEL_RISK.key,
        f"Approval from {settings.TRAVEL_RISK_COMMITTEE}",
        TRAVEL_RISK.what,
        TRAVEL_RISK.overdue,
        TRAVEL_RISK.guide,
        TRAVEL_RISK.condition,
    )


def guide_timeline():
    """Every step, with its condition, counted back from an unknown start: the guide's page."""
    return timeline(Situation())
