"""Demo data: fictional sponsors, real countries and specialties, varied listings.

Bulk inserts throughout, so 10,000 electives take seconds, not minutes.
"""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from electives.cache import content_changed
from electives.models import Category, Elective, Language, Organization, Specialty, Status
from electives.search import update_search_vectors

# Real places where U.S. residents commonly rotate (country, cities, local languages).
PLACES = [
    ("KE", ["Nairobi", "Kisumu", "Eldoret", "Kijabe"], ["sw"]),
    ("UG", ["Kampala", "Mbarara", "Gulu"], ["lg"]),
    ("TZ", ["Moshi", "Dar es Salaam", "Arusha"], ["sw"]),
    ("RW", ["Kigali", "Butare"], ["rw", "fr"]),
    ("GH", ["Accra", "Kumasi", "Tamale"], ["ak"]),
    ("MW", ["Blantyre", "Lilongwe"], ["ny"]),
    ("BW", ["Gaborone"], []),
    ("ZA", ["Cape Town", "Durban", "Johannesburg"], []),
    ("ET", ["Addis Ababa", "Gondar"], ["am"]),
    ("ZM", ["Lusaka"], []),
    ("NG", ["Ibadan", "Lagos"], ["yo"]),
    ("SN", ["Dakar"], ["fr"]),
    ("HT", ["Port-au-Prince", "Cap-Haïtien"], ["ht", "fr"]),
    ("GT", ["Antigua Guatemala", "Quetzaltenango"], ["es"]),
    ("HN", ["Tegucigalpa", "San Pedro Sula"], ["es"]),
    ("NI", ["León", "Managua"], ["es"]),
    ("PE", ["Lima", "Cusco", "Iquitos"], ["es"]),
    ("BO", ["La Paz", "Cochabamba"], ["es"]),
    ("EC", ["Quito", "Cuenca"], ["es"]),
    ("DO", ["Santo Domingo", "Santiago de los Caballeros"], ["es"]),
    ("MX", ["Oaxaca", "Chiapas", "Mexico City"], ["es"]),
    ("BR", ["São Paulo", "Salvador"], ["pt"]),
    ("IN", ["Vellore", "Pune", "Lucknow"], ["hi"]),
    ("NP", ["Kathmandu", "Dhulikhel"], ["ne"]),
    ("BD", ["Dhaka"], ["bn"]),
    ("VN", ["Hanoi", "Ho Chi Minh City"], ["vi"]),
    ("KH", ["Phnom Penh", "Siem Reap"], ["km"]),
    ("PH", ["Manila", "Cebu"], []),
    ("TH", ["Chiang Mai", "Bangkok"], ["th"]),
    ("MN", ["Ulaanbaatar"], ["mn"]),
    ("PG", ["Port Moresby"], []),
    ("JO", ["Amman"], ["ar"]),
    ("MA", ["Rabat", "Marrakesh"], ["ar", "fr"]),
    ("EG", ["Cairo"], ["ar"]),
    ("GB", ["London", "Edinburgh"], []),
    ("IE", ["Dublin"], []),
    ("NZ", ["Auckland", "Dunedin"], []),
    ("AU", ["Darwin", "Alice Springs"], []),
]

SPONSOR_PARTS = (
    [
        "Lakeshore",
        "Riverbend",
        "Summit Ridge",
        "Northfield",
        "Cedar Valley",
        "Harborview",
        "Prairie",
        "Bluewater",
        "Stonebridge",
        "Maple Grove",
        "Westbrook",
        "Highland",
    ],
    [
        ("University Global Health Program", "academic"),
        ("Medical College Office of Global Surgery", "academic"),
        ("Health Partners", "ngo"),
        ("Community Health Alliance", "ngo"),
        ("Mission Hospital Network", "faith-based"),
        ("District Hospital Collaborative", "hospital"),
        ("Institute for Tropical Research", "academic"),
        ("Ministry Health Exchange", "government"),
        ("Rural Care Foundation", "ngo"),
    ],
)

THEMES = {
    Category.CLINICAL: [
        (
            "Rural {specialty} Elective",
            "Hands-on {specialty_lower} care in a busy district hospital.",
        ),
        (
            "{specialty} Rotation at a Teaching Hospital",
            "Ward rounds, clinics and teaching alongside local residents.",
        ),
        (
            "Tropical Medicine and {specialty}",
            "Diagnosis and treatment of infectious and tropical disease.",
        ),
        (
            "Emergency and Acute Care Rotation",
            "Triage, resuscitation and acute care where resources are scarce.",
        ),
    ],
    Category.COMMUNITY_HEALTH: [
        (
            "Maternal and Child Health Project",
            "Join a long-running program for safer pregnancies and births.",
        ),
        (
            "Community Vaccination Outreach",
            "Support vaccinations and cold-chain logistics in outlying villages.",
        ),
        (
            "Clean Water and Diarrheal Disease Program",
            "Work with community health workers on water safety.",
        ),
        (
            "Noncommunicable Disease Screening Camps",
            "Hypertension and diabetes screening with follow-up.",
        ),
    ],
    Category.RESEARCH: [
        (
            "Tuberculosis Epidemiology Research",
            "Help design and analyse a cohort study of TB treatment outcomes.",
        ),
        ("HIV Care Cascade Study", "Quality-improvement research on retention in HIV care."),
        (
            "Malaria Surveillance Project",
            "Field and data work on malaria incidence and prevention.",
        ),
        ("Surgical Outcomes Registry", "Build and analyse a registry of surgical outcomes."),
    ],
}

DESCRIPTION = """\
## What you will do

{summary} Residents work under a named on-site supervisor and take part in
morning report and teaching sessions with local trainees.

- Shared call with the host team, within your level of training
- A weekly case conference or research meeting
- A short presentation to the host department before you leave

## Who should apply

Residents who can commit to the whole stay and have their program director's
written approval. Housing and travel details come with the offer letter.

*This listing is demo data for a local copy of Electives Abroad.*
"""


class Command(BaseCommand):
    help = "Load realistic demo data (fictional sponsors; real countries and specialties)."

    def add_arguments(self, parser):
        parser.add_argument("--electives", type=int, default=300, help="How many (default 300).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (repeatable data).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any elective exists."
        )

    @transaction.atomic
    def handle(self, electives, seed, if_empty, **options):
        if if_empty and Elective.objects.exists():
            self.stdout.write("Electives exist already; no demo data added.")
            return
        rng = random.Random(seed)
        sponsors = self.sponsors(rng)
        specialties = list(Specialty.objects.all())
        known_languages = set(Language.objects.values_list("code", flat=True))
        taken = set(Elective.objects.values_list("slug", flat=True))
        now = timezone.now()
        today = timezone.localdate()

        rows, wanted_specialties, wanted_languages = [], [], []
        for _ in range(electives):
            category = rng.choices(list(Category), weights=[6, 3, 2])[0]
            country, cities, local_languages = rng.choice(PLACES)
            city = rng.choice(cities)
            chosen = rng.sample(specialties, k=rng.choice([0, 0, 1, 1, 1, 2, 3]))
            specialty = chosen[0].name if chosen else "Family Medicine"
            title_pattern, summary = rng.choice(THEMES[category])
            title = title_pattern.format(specialty=specialty) + f" in {city}"
            slug = base = slugify(title)[:190]
            n = 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            summary = summary.format(specialty_lower=specialty.lower())
            weeks_min = rng.choice([2, 3, 4, 4, 4, 6])
            status = rng.choices(list(Status), weights=[6, 4, 80, 10])[0]
            published_at = now - datetime.timedelta(minutes=rng.randint(60, 720 * 24 * 60))
            pgy_min = rng.choice([None, None, 1, 2, 2, 3])
            deadline_roll = rng.random()
            rows.append(
                Elective(
                    title=title,
                    slug=slug,
                    category=category,
                    organization=rng.choice(sponsors),
                    country=country,
                    city=city,
                    pgy_min=pgy_min,
                    pgy_max=rng.choice([None, None, max(pgy_min or 1, rng.randint(3, 8))]),
                    weeks_min=weeks_min,
                    weeks_max=weeks_min + rng.choice([0, 0, 2, 4, 8]),
                    cost_usd=rng.choice([None, 0, 0] + list(range(150, 4001, 250))),
                    housing=rng.random() < 0.6,
                    deadline=None
                    if deadline_roll < 0.3
                    else today + datetime.timedelta(days=rng.randint(-200, 400)),
                    url=f"https://example.org/electives/{slug}",
                    contact_email=f"electives@{slugify(country).lower()}.example.org",
                    summary=summary,
                    description=DESCRIPTION.format(summary=summary),
                    status=status,
                    published_at=published_at if status in ("published", "archived") else None,
                    last_verified=today - datetime.timedelta(days=rng.randint(0, 900)),
                )
            )
            wanted_specialties.append(chosen)
            needs = [code for code in local_languages if code in known_languages]
            wanted_languages.append(needs if rng.random() < 0.5 else [])

        created = Elective.objects.bulk_create(rows, batch_size=1000)
        Through = Elective.specialties.through
        Through.objects.bulk_create(
            [
                Through(elective_id=elective.pk, specialty_id=specialty.pk)
                for elective, chosen in zip(created, wanted_specialties, strict=True)
                for specialty in chosen
            ],
            batch_size=5000,
        )
        LanguageThrough = Elective.languages.through
        LanguageThrough.objects.bulk_create(
            [
                LanguageThrough(elective_id=elective.pk, language_id=code)
                for elective, codes in zip(created, wanted_languages, strict=True)
                for code in codes
            ],
            batch_size=5000,
        )
        # A range, not a list of 100,000 ids: the ids of one bulk_create are consecutive.
        pks = [elective.pk for elective in created]
        if pks:
            update_search_vectors(Elective.objects.filter(pk__range=(min(pks), max(pks))))
        content_changed()  # bulk_create sends no signals
        self.stdout.write(f"Created {len(created)} electives from {len(sponsors)} demo sponsors.")

    def sponsors(self, rng):
        prefixes, suffixes = SPONSOR_PARTS
        sponsors = []
        for prefix in prefixes:
            for suffix, kind in rng.sample(suffixes, 3):
                country = rng.choice(["US", "US", "US", rng.choice(PLACES)[0]])
                sponsor, _ = Organization.objects.get_or_create(
                    name=f"{prefix} {suffix}",
                    defaults={
                        "kind": kind,
                        "country": country,
                        "website": f"https://{slugify(prefix)}.example.org/",
                        "description": "A fictional sponsor made for demo data.",
                    },
                )
                sponsors.append(sponsor)
        return sponsors
