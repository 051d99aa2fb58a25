"""Will it count? The specialty boards' rules on electives abroad, for the specialties the
directory lists: a small table in our own words, each rule with its source and the date we
last checked it (reviewed like the guide: README, "Getting an elective approved").

We state only what the boards' or the review committees' public pages say plainly; where we
found no published rule, the rule says to check with the board, never that there is none.
"""

import datetime
from dataclasses import dataclass

CHECKED = datetime.date(2026, 12, 4)
ASK_THE_BOARD = (
    "We found no published rule of this board on electives abroad: ask your program director "
    "and the board how the time counts before you commit."
)


@dataclass(frozen=True)
class BoardRule:
    specialty: str  # the Specialty's slug
    name: str  # the specialty, as the form lists it
    board: str
    approval: str  # what approval is needed, from whom
    source_url: str
    min_weeks: int | None = None
    not_in_pgy: tuple = ()  # training years in which the board does not allow it
    checked: datetime.date = CHECKED

    def concerns(self, elective, pgy=None):
        """What this elective (and the resident's PGY, when given) breaks of the rule."""
        found = []
        if self.min_weeks and elective.weeks_max < self.min_weeks:
            found.append(
                f"This elective lasts at most {_weeks(elective.weeks_max)}; the {self.board} "
                f"requires at least {_weeks(self.min_weeks)}."
            )
        elif self.min_weeks and elective.weeks_min < self.min_weeks:
            found.append(
                f"Choose a stay of at least {_weeks(self.min_weeks)}: the {self.board} requires "
                f"it, and this elective can be as short as {_weeks(elective.weeks_min)}."
            )
        years = ", ".join(f"PGY-{year}" for year in self.not_in_pgy)
        if pgy in self.not_in_pgy:
            found.append(f"The {self.board} does not allow it in {years}, and you are PGY-{pgy}.")
        elif self.not_in_pgy and elective.pgy_max is not None:
            if all(
                year in self.not_in_pgy
                for year in range(elective.pgy_min or 1, elective.pgy_max + 1)
            ):
                found.append(
                    f"This elective takes only {years} residents, whom the {self.board} excludes."
                )
        return found

    @property
    def limits(self):
        words = []
        if self.min_weeks:
            words.append(f"at least {_weeks(self.min_weeks)}")
        if self.not_in_pgy:
            words.append("not in " + ", ".join(f"PGY-{year}" for year in self.not_in_pgy))
        return "; ".join(words)


def _weeks(n):
    return f"{n} week{'' if n == 1 else 's'}"


def _ask(specialty, name, board, url):
    return BoardRule(specialty, name, board, ASK_THE_BOARD, url)


RULES = [
    BoardRule(
        "surgery",
        "Surgery",
        "American Board of Surgery",
        "Approval in advance from the American Board of Surgery and the ACGME Review Committee "
        "for Surgery, requested by your program director with your institution's DIO.",
        "https://www.absurgery.org/resources/abs-policies/policy-international-rotations/",
        min_weeks=2,
        not_in_pgy=(1,),
    ),
    BoardRule(
        "anesthesiology",
        "Anesthesiology",
        "American Board of Anesthesiology",
        "A site approved in advance, or the board's approval for any other site, requested by "
        "your program; the review committee asks for a detailed application (rationale, "
        "supervision, cost, malpractice, agreement, goals, evaluations, duty hours).",
        "https://www.asahq.org/charity/residentsandfellows/internationalfaqs",
    ),
    BoardRule(
        "pediatrics",
        "Pediatrics",
        "American Board of Pediatrics",
        "Your program director's approval; the board limits time away from training and its "
        "global health guide for program directors sets out what to check: ask how the "
        "elective counts against those limits.",
        "https://www.abp.org/content/global-health-program-directors-guide-chapter-4",
    ),
    BoardRule(
        "internal-medicine-pediatrics",
        "Internal Medicine–Pediatrics",
        "American Board of Internal Medicine and American Board of Pediatrics",
        "Your program director's approval; both boards' rules on time away from training "
        "apply: ask both how the elective counts.",
        "https://www.abp.org/content/global-health-program-directors-guide-chapter-4",
    ),
    BoardRule(
        "obstetrics-gynecology",
        "Obstetrics and Gynecology",
        "American Board of Obstetrics and Gynecology",
        "Your program director's approval; ACOG and CREOG publish questions and answers on "
        "global health electives: ask the board how the time counts.",
        "https://www.abog.org/",
    ),
    _ask(
        "internal-medicine",
        "Internal Medicine",
        "American Board of Internal Medicine",
        "https://www.abim.org/",
    ),
    _ask(
        "family-medicine",
        "Family Medicine",
        "American Board of Family Medicine",
        "https://www.theabfm.org/",
    ),
    _ask(
        "emergency-medicine",
        "Emergency Medicine",
        "American Board of Emergency Medicine",
        "https://www.abem.org/",
    ),
    _ask(
        "psychiatry",
        "Psychiatry",
        "American Board of Psychiatry and Neurology",
        "https://www.abpn.org/",
    ),
    _ask(
        "neurology",
        "Neurology",
        "American Board of Psychiatry and Neurology",
        "https://www.abpn.org/",
    ),
    _ask("dermatology", "Dermatology", "American Board of Dermatology", "https://www.abderm.org/"),
    _ask("ophthalmology", "Ophthalmology", "American Board of Ophthalmology", "https://abop.org/"),
    _ask(
        "orthopaedic-surgery",
        "Orthopaedic Surgery",
        "American Board of Orthopaedic Surgery",
        "https://www.abos.org/",
    ),
    _ask(
        "otolaryngology",
        "Otolaryngology",
        "American Board of Otolaryngology – Head and Neck Surgery",
        "https://www.aboto.org/",
    ),
    _ask("pathology", "Pathology", "American Board of Pathology", "https://www.abpath.org/"),
    _ask(
        "physical-medicine-rehabilitation",
        "Physical Medicine and Rehabilitation",
        "American Board of Physical Medicine and Rehabilitation",
        "https://www.abpmr.org/",
    ),
    _ask(
        "preventive-medicine",
        "Preventive Medicine",
        "American Board of Preventive Medicine",
        "https://www.theabpm.org/",
    ),
    _ask("radiology", "Radiology", "American Board of Radiology", "https://www.theabr.org/"),
    _ask("urology", "Urology", "American Board of Urology", "https://www.abu.org/"),
]
BY_SPECIALTY = {rule.specialty: rule for rule in RULES}
CHOICES = sorted(((rule.specialty, rule.name) for rule in RULES), key=lambda choice: choice[1])
