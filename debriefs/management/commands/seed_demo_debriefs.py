"""Demo debriefs: what residents who went report about some published demo electives.

Run after seed_demo (`make run` does): debriefs sit above electives, so electives' own seed
cannot write them. Each debrief agrees with its elective: an observer reports observing,
the fee reported is the listed fee, housing costs nothing where the host provides it, and
flights cost what they do from the U.S. to that region. Most are published; a few wait in
the curators' queue or were sent back or rejected, as in a real directory.
"""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from debriefs.models import Debrief
from electives.cache import content_changed
from electives.history import SEED_DATA
from electives.models import Category, Elective, Scope, Specialty, YesNo
from electives.regions import Region, region_of

# Published electives that have debriefs, and how many each.
SHARE_WITH_DEBRIEFS = 0.2
HOW_MANY = ([1, 2, 3, 4], [4, 3, 2, 1])
STATUSES = {
    Debrief.Status.PUBLISHED: 80,
    Debrief.Status.IN_REVIEW: 12,
    Debrief.Status.SENT_BACK: 4,
    Debrief.Status.REJECTED: 4,
}
# A return flight from the U.S., in USD, by region (high-income hosts in the Pacific cost more).
FLIGHTS = {
    Region.SUB_SAHARAN_AFRICA: (1250, 2300),
    Region.LATIN_AMERICA_CARIBBEAN: (420, 1150),
    Region.SOUTH_ASIA: (1100, 1900),
    Region.EAST_ASIA_PACIFIC: (950, 2400),
    Region.MIDDLE_EAST_NORTH_AFRICA: (850, 1600),
    Region.EUROPE_CENTRAL_ASIA: (600, 1250),
}
VISAS = [25, 30, 50, 51, 82, 100, 160]
NO_VISA = {"GB", "IE", "MX", "DO", "PE", "EC", "BO", "BR", "PH", "TH"}
# Specialties of residents on electives open to every specialty.
GENERALISTS = ["family-medicine", "internal-medicine", "pediatrics", "emergency-medicine"]
SUPERVISORS = ["a senior medical officer", "the consultant on duty", "a local registrar"]
HOUSING = {
    True: [
        "The host's guest house, a short walk from the hospital. Basic but clean; I would "
        "stay there again.",
        "A shared flat the program arranged, with other visiting trainees. Fine for a month.",
        "A room with a local family the program knows well. The best part of the stay.",
    ],
    False: [
        "A rented room found through the host's coordinator, twenty minutes from the site.",
        "A guesthouse near the hospital; book early, it fills up in the dry season.",
        "Short-term apartment shared with another resident; the host helped with the lease.",
    ],
}
TEXTS = {
    Debrief.Role.HANDS_ON: [
        "I carried my own list of patients from the second week, always with a senior "
        "colleague a phone call away.",
        "The teaching was excellent and the case mix unlike anything at home; expect "
        "to manage advanced disease with few investigations.",
        "Bring a good pocket reference and learn the local guidelines in the first days: "
        "the team expects you to follow them.",
    ],
    Debrief.Role.OBSERVING: [
        "As an observer I did not examine patients, but the consultants explained every "
        "decision and I learnt a great deal about care with few resources.",
        "Mostly observing in clinic and on rounds; read the listing's scope before you go "
        "if you want hands-on work.",
    ],
    "any": [
        "Start the letter of agreement early: our GME office took three months to sign.",
        "Power cuts were frequent; a headlamp and a power bank were worth their weight.",
        "The coordinator answered every e-mail within a day and met me at the airport.",
        "Learn a few phrases of the local language: patients and staff appreciate it.",
    ],
}
SAFETY = [
    "A phone was snatched on a crowded bus; the host's security briefing had warned us and "
    "the coordinator helped with the police report.",
    "Political protests closed the roads for two days; the host kept us at the guest house "
    "and checked on us twice a day.",
]
REPLIES = [
    "Thank you for your feedback. We now send the orientation pack two months ahead.",
    "Thank you. We have added a second guest room nearer the hospital since your stay.",
]


NOON = datetime.time(12)


def supervisor_role(supervisor):
    """ "Dr. Grace Otieno, consultant pediatrician, head of department": "a consultant
    pediatrician" (a debrief names a role, not a person)."""
    role = supervisor.partition(", ")[2].partition(",")[0]
    if not role:
        return ""
    if "'s " in role:
        return f"the {role}"
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"


class Command(BaseCommand):
    help = "Add demo debriefs to some published electives (run after seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (repeatable data).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any debrief exists."
        )

    @transaction.atomic
    def handle(self, seed, if_empty, verbosity, **options):
        if if_empty and Debrief.objects.exists():
            if verbosity:
                self.stdout.write("Debriefs exist already; no demo debriefs added.")
            return
        rng = random.Random(seed)
        specialties = {specialty.slug: specialty for specialty in Specialty.objects.all()}
        electives = (
            Elective.objects.published()
            .exclude(category=Category.RESEARCH)
            .prefetch_related("specialties")
            .order_by("pk")
        )
        rows, touched = [], set()
        for elective in electives:
            if rng.random() >= SHARE_WITH_DEBRIEFS:
                continue
            for _ in range(rng.choices(*HOW_MANY)[0]):
                debrief = self.debrief(rng, elective, specialties, len(rows))
                rows.append(debrief)
                if debrief.status == Debrief.Status.PUBLISHED:
                    touched.add(elective.pk)
        created = Debrief.objects.bulk_create(rows, batch_size=1000)
        # Each a first history record ("seed data"), as every other way of making one leaves.
        Debrief.history.bulk_history_create(created, default_change_reason=SEED_DATA)
        content_changed(electives=touched)  # bulk_create sends no signals
        published = sum(row.status == Debrief.Status.PUBLISHED for row in rows)
        if not verbosity:
            return
        self.stdout.write(
            f"Created {len(rows)} demo debriefs ({published} published) "
            f"for {len({row.elective_id for row in rows})} electives."
        )

    @staticmethod
    def debrief(rng, elective, specialties, number):
        now = timezone.now()
        if elective.scope == Scope.OBSERVERSHIP:
            role = Debrief.Role.OBSERVING
        elif elective.scope == Scope.HANDS_ON:
            role = rng.choices([Debrief.Role.HANDS_ON, Debrief.Role.OBSERVING], [9, 1])[0]
        else:
            role = rng.choice(list(Debrief.Role))
        weeks = rng.randint(elective.weeks_min, elective.weeks_max)
        started = timezone.localdate() - datetime.timedelta(days=rng.randint(60, 900))
        fee = elective.cost_usd
        housing = 0 if elective.housing else rng.randint(18, 60) * 7 * weeks // 10 * 10
        low, high = FLIGHTS.get(region_of(elective.country.code), (900, 1800))
        flights = rng.randint(low, high) // 5 * 5
        visa = 0 if elective.country.code in NO_VISA else rng.choice(VISAS)
        spending = rng.randint(8, 40) * 10 * weeks // 2
        total = (fee or 0) + housing + flights + visa + spending
        itemised = rng.random() < 0.75
        incident = rng.random() < 0.06
        status = rng.choices(list(STATUSES), list(STATUSES.values()))[0]
        listed = list(elective.specialties.all())
        specialty = rng.choice(listed) if listed else specialties[rng.choice(GENERALISTS)]
        low_pgy, high_pgy = elective.pgy_min or 2, elective.pgy_max or 4
        published_at = None
        if status == Debrief.Status.PUBLISHED:
            back = started + datetime.timedelta(weeks=weeks, days=rng.randint(10, 60))
            published_at = min(now, timezone.make_aware(datetime.datetime.combine(back, NOON)))
        return Debrief(
            elective=elective,
            email=f"participant{number + 1}@example.org",
            month=started.month,
            year=started.year,
            pgy=rng.randint(min(low_pgy, high_pgy), high_pgy),
            specialty=specialty,
            weeks=weeks,
            supervisor=supervisor_role(elective.supervisor) or rng.choice(SUPERVISORS),
            supervision=rng.choices(
                list(Debrief.Supervision),
                [3, 5, 2, 0] if role == Debrief.Role.HANDS_ON else [5, 4, 1, 0],
            )[0],
            patients_per_day=rng.choice([None, rng.randint(6, 35)]),
            role=role,
            total_cost_usd=total if rng.random() < 0.9 else None,
            fee_usd=fee if itemised else None,
            housing_usd=housing if itemised else None,
            flights_usd=flights if itemised else None,
            visa_usd=visa if itemised else None,
            housing=rng.choice(HOUSING[elective.housing]),
            safety_incident=incident,
            safety_details=rng.choice(SAFETY) if incident else "",
            credit_granted=rng.choices([YesNo.YES, YesNo.NO], [17, 3])[0],
            would_go_again=rng.random() < (0.5 if incident else 0.85),
            text=" ".join(rng.sample(TEXTS[role], k=1) + rng.sample(TEXTS["any"], k=1)),
            status=status,
            review_note=(
                "Please leave out the names of the staff you mention."
                if status in (Debrief.Status.SENT_BACK, Debrief.Status.REJECTED)
                else ""
            ),
            reply=rng.choice(REPLIES) if published_at and rng.random() < 0.2 else "",
            published_at=published_at,
        )
