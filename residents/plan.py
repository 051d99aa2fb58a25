"""A dated planning checklist for one elective (/electives/<slug>/plan/).

The two application steps are counted back from the application deadline, or from the
planned start when admission is rolling. Every other step is counted from the planned
start date, so without one (`?start=`) those steps are listed without dates. The offsets
follow the guide's timeline page (guide/content/timeline.md).
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from electives.models import Category

DEADLINE, START, RETURN = "deadline", "start", "return"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    what: str
    guide: tuple  # (guide page slug, section anchor)
    basis: str  # what the offset counts from
    days: int  # offset from it (negative: before)
    clinical_only: bool = False

    @property
    def guide_url(self):
        slug, anchor = self.guide
        return reverse("guide:page", args=[slug]) + f"#{anchor}"


STEPS = [
    Step(
        "approval",
        "Program and GME approval",
        "Get your program director's and GME office's approval, and ask how the elective "
        "will count.",
        ("will-it-count", "your-program-and-gme-office"),
        DEADLINE,
        -60,
    ),
    Step(
        "application",
        "Send your application",
        "Apply through the sponsor with the documents it asks for.",
        ("timeline", "nine-to-twelve-months-before-approval-and-application"),
        DEADLINE,
        0,
    ),
    Step(
        "licensure",
        "Ask about registration or licensure",
        "Clinical work abroad may need temporary registration with the host country's "
        "medical council: ask the host what applies to you.",
        ("licensure-visas-malpractice", "registration-or-licensure-in-the-host-country"),
        START,
        -180,
        clinical_only=True,
    ),
    Step(
        "visa",
        "Check visa requirements",
        "Find out which visa or permit the elective needs and how long it takes.",
        ("licensure-visas-malpractice", "visas"),
        START,
        -150,
    ),
    Step(
        "malpractice",
        "Confirm malpractice cover",
        "Ask your GME office in writing whether your malpractice cover applies abroad.",
        ("licensure-visas-malpractice", "malpractice-and-liability"),
        START,
        -120,
    ),
    Step(
        "insurance",
        "Health insurance and evacuation cover",
        "Buy travel health insurance that includes medical evacuation.",
        ("health", "insurance-and-evacuation"),
        START,
        -90,
    ),
    Step(
        "cdc",
        "Read the CDC destination page",
        "Check vaccines, medicines and health risks for the country on the CDC's page.",
        ("health", "start-with-the-cdcs-destination-page"),
        START,
        -75,
    ),
    Step(
        "training",
        "Pre-departure training",
        "Complete your institution's pre-departure training and safety briefing.",
        ("timeline", "two-to-three-months-before-preparation"),
        START,
        -60,
    ),
    Step(
        "pre-travel-visit",
        "Pre-travel clinic visit",
        "See a travel medicine clinic 4 to 6 weeks before you leave.",
        ("timeline", "four-to-six-weeks-before-the-pre-travel-visit"),
        START,
        -42,
    ),
    Step(
        "step",
        "Enroll in STEP",
        "Register your trip with the State Department's Smart Traveler Enrollment Program.",
        ("safety-and-security", "enroll-in-step"),
        START,
        -14,
    ),
    Step(
        "debrief",
        "Debrief after return",
        "Debrief with your program and see a clinician if you feel unwell after return.",
        ("coming-back", "debrief"),
        RETURN,
        7,
    ),
]


@dataclass(frozen=True)
class DatedStep:
    step: Step
    day: datetime.date | None


def return_date(elective, start):
    """When a resident starting on `start` comes back, after the shortest stay."""
    return start and start + datetime.timedelta(weeks=elective.weeks_min)


def paperwork_due(elective, start):
    """When the host needs the paperwork, by its stated lead time (None if unknown)."""
    if not start or elective.lead_time_weeks is None:
        return None
    return start - datetime.timedelta(weeks=elective.lead_time_weeks)


def checklist(elective, start=None):
    """The steps that apply to this elective, dated where the dates are known, in date
    order (undated steps last, in the guide's order)."""
    bases = {
        DEADLINE: elective.deadline or (start and start - datetime.timedelta(days=270)),
        START: start,
        RETURN: return_date(elective, start),
    }
    dated = []
    for step in STEPS:
        if step.clinical_only and elective.category != Category.CLINICAL:
            continue
        basis = bases[step.basis]
        day = basis + datetime.timedelta(days=step.days) if basis else None
        dated.append(DatedStep(step, day))
    return sorted(dated, key=lambda s: (s.day is None, s.day or datetime.date.min))
