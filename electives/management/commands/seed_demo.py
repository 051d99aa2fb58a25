"""Demo data: fictional sponsors, real countries and specialties, listings that hang together.

Topics fit their specialties and categories (no malaria surveillance for dermatology; research
projects promise no call), cities lie in their countries (the tests check them against
GeoNames), and some countries carry the sample travel advisories (Haiti, Uganda, Guatemala,
Congo (Kinshasa)). About a quarter of the deadlines have passed and a fifth of the listings
were last verified over a year ago, as in a real directory.

Bulk inserts throughout: 100,000 electives take about a minute on PostgreSQL.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from electives.cache import content_changed
from electives.models import (
    Category,
    Elective,
    Language,
    Organization,
    Scope,
    Specialty,
    Status,
    YesNo,
)
from electives.search import update_search_vectors

# Real places where U.S. residents rotate (country, cities in it, local languages).
PLACES = [
    ("KE", ["Nairobi", "Kisumu", "Eldoret", "Naivasha"], ["sw"]),
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
    ("CD", ["Kinshasa", "Bukavu"], ["fr", "ln"]),
    ("CI", ["Abidjan", "Bouaké"], ["fr"]),
    ("HT", ["Port-au-Prince", "Cap-Haïtien", "Hinche"], ["ht", "fr"]),
    ("GT", ["Antigua Guatemala", "Quetzaltenango"], ["es"]),
    ("HN", ["Tegucigalpa", "San Pedro Sula"], ["es"]),
    ("NI", ["León", "Managua"], ["es"]),
    ("PE", ["Lima", "Cusco", "Iquitos"], ["es"]),
    ("BO", ["La Paz", "Cochabamba"], ["es"]),
    ("EC", ["Quito", "Cuenca"], ["es"]),
    ("DO", ["Santo Domingo", "Santiago de los Caballeros"], ["es"]),
    ("MX", ["Oaxaca", "San Cristóbal de las Casas", "Mexico City"], ["es"]),
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

# (title, summary, specialties it suits: the first is the one the title names; none = open
# to every specialty). A listing names one to three of the suitable specialties, or none.
CLINICAL = [
    (
        "Pediatrics Elective",
        "Inpatient and outpatient pediatric care, from the newborn unit "
        "to the malnutrition clinic.",
        ["pediatrics", "internal-medicine-pediatrics", "family-medicine"],
    ),
    (
        "Internal Medicine Ward Rotation",
        "Adult medical wards with HIV, TB and noncommunicable disease.",
        ["internal-medicine", "internal-medicine-pediatrics", "family-medicine"],
    ),
    (
        "Emergency Medicine Elective",
        "Triage, resuscitation and acute care where resources are scarce.",
        ["emergency-medicine", "family-medicine", "internal-medicine"],
    ),
    (
        "General Surgery Rotation",
        "Operating lists, surgical wards and outreach clinics with the host surgeons.",
        ["surgery", "orthopaedic-surgery", "anesthesiology"],
    ),
    (
        "Obstetrics and Gynecology Elective",
        "Labour ward, theatre and antenatal clinics in a busy referral hospital.",
        ["obstetrics-gynecology", "family-medicine"],
    ),
    (
        "Family Medicine Rotation",
        "Primary care clinics and home visits in a rural district.",
        ["family-medicine", "internal-medicine", "pediatrics"],
    ),
    (
        "Dermatology Clinic Elective",
        "Skin disease clinics, including leprosy and HIV-related conditions.",
        ["dermatology"],
    ),
    (
        "Psychiatry Elective",
        "Inpatient psychiatry and community mental health clinics.",
        ["psychiatry", "neurology"],
    ),
    (
        "Ophthalmology Elective",
        "Cataract surgery and eye clinics with the host ophthalmologists.",
        ["ophthalmology"],
    ),
    (
        "Orthopaedic Trauma Rotation",
        "Fracture clinics and trauma theatre in a regional referral hospital.",
        ["orthopaedic-surgery", "surgery", "emergency-medicine"],
    ),
    (
        "Anesthesiology Elective",
        "Anaesthesia for general, obstetric and trauma surgery with limited equipment.",
        ["anesthesiology", "surgery"],
    ),
    (
        "Neurology Elective",
        "Stroke, epilepsy and neuro-infection care on the medical wards.",
        ["neurology", "internal-medicine"],
    ),
    (
        "Radiology Elective",
        "Ultrasound, plain film and CT reporting with the host radiologists.",
        ["radiology"],
    ),
    ("Otolaryngology Elective", "ENT clinics and head and neck surgery.", ["otolaryngology"]),
    (
        "Urology Elective",
        "Urology clinics and theatre, from stones to fistula repair.",
        ["urology", "surgery"],
    ),
    (
        "Pathology Elective",
        "Surgical pathology and laboratory medicine in a teaching hospital.",
        ["pathology"],
    ),
    (
        "Rehabilitation Medicine Elective",
        "Rehabilitation after stroke, spinal injury and amputation.",
        ["physical-medicine-rehabilitation", "neurology"],
    ),
    (
        "Tropical Medicine Clinical Elective",
        "Diagnosis and treatment of infectious and tropical disease on the medical wards.",
        [],
    ),
    (
        "District Hospital Rotation",
        "Ward rounds, clinics and teaching in a district hospital: every specialty welcome.",
        [],
    ),
]
COMMUNITY_HEALTH = [
    (
        "Maternal and Child Health Project",
        "Join a long-running program for safer pregnancies and births.",
        ["obstetrics-gynecology", "pediatrics", "family-medicine"],
    ),
    (
        "Community Vaccination Outreach",
        "Support vaccinations and cold-chain logistics in outlying villages.",
        ["pediatrics", "family-medicine", "preventive-medicine"],
    ),
    (
        "Clean Water and Diarrheal Disease Program",
        "Work with community health workers on water safety.",
        ["preventive-medicine", "pediatrics", "family-medicine"],
    ),
    (
        "Noncommunicable Disease Screening Camps",
        "Hypertension and diabetes screening with follow-up.",
        ["internal-medicine", "family-medicine", "preventive-medicine"],
    ),
    (
        "Community Mental Health Program",
        "Home visits and group support with community mental health workers.",
        ["psychiatry", "family-medicine"],
    ),
    ("Outreach Eye Camps", "Screening and cataract camps in rural communities.", ["ophthalmology"]),
    (
        "Community Health Worker Training",
        "Teach and supervise community health workers: every specialty welcome.",
        [],
    ),
]
RESEARCH = [
    (
        "Tuberculosis Epidemiology Research",
        "Help design and analyse a cohort study of TB treatment outcomes.",
        ["internal-medicine", "preventive-medicine", "pediatrics"],
    ),
    (
        "HIV Care Cascade Study",
        "Quality-improvement research on retention in HIV care.",
        ["internal-medicine", "family-medicine", "internal-medicine-pediatrics"],
    ),
    (
        "Malaria Surveillance Project",
        "Field and data work on malaria incidence and prevention.",
        ["preventive-medicine", "pediatrics", "internal-medicine"],
    ),
    (
        "Surgical Outcomes Registry",
        "Build and analyse a registry of surgical outcomes.",
        ["surgery", "orthopaedic-surgery", "anesthesiology"],
    ),
    (
        "Perinatal Outcomes Study",
        "Research on stillbirth and newborn survival.",
        ["obstetrics-gynecology", "pediatrics"],
    ),
    (
        "Skin Disease Prevalence Survey",
        "A school-based survey of scabies and fungal skin disease.",
        ["dermatology"],
    ),
    (
        "Epilepsy Treatment Gap Study",
        "Research on access to epilepsy care and medicines.",
        ["neurology", "psychiatry"],
    ),
    (
        "Global Health Research Placement",
        "Join a research team on a project matched to your interests.",
        [],
    ),
]
TOPICS = {
    Category.CLINICAL: CLINICAL,
    Category.COMMUNITY_HEALTH: COMMUNITY_HEALTH,
    Category.RESEARCH: RESEARCH,
}

WORK = {
    Category.CLINICAL: """\
- Shared call with the host team, within your level of training
- Morning report and teaching sessions with local trainees
- A short presentation to the host department before you leave""",
    Category.COMMUNITY_HEALTH: """\
- Field days with community health workers, back at base each evening
- A weekly planning meeting with the program team
- A short report or teaching session for the program before you leave""",
    Category.RESEARCH: """\
- Protocol, ethics and data-protection training in the first week
- Data collection or analysis with the study team, office hours only
- An abstract or report of your part of the project""",
}
DESCRIPTION = """\
## What you will do

{summary} Residents work under a named on-site supervisor.

{work}

## Who should apply

Residents who can commit to the whole stay and have their program director's
written approval. Housing and travel details come with the offer letter.

*This listing is demo data for a local copy of Electives Abroad.*
"""
SUPERVISION = {
    Category.CLINICAL: "A named consultant of the host department, with daily ward rounds.",
    Category.COMMUNITY_HEALTH: "The program's medical lead, with weekly meetings.",
    Category.RESEARCH: "The study's principal investigator and a local co-investigator.",
}
MALPRACTICE = {
    Scope.HANDS_ON: "Your home program's cover, extended abroad; the host adds local cover.",
    Scope.OBSERVERSHIP: "Not needed: observers do not treat patients.",
    Scope.RESEARCH_ONLY: "Not needed for research work.",
}
REQUIREMENTS = [
    "Program director's letter, CV, medical license, hepatitis B immunity.",
    "Program director's letter, CV, proof of measles and hepatitis B immunity, a TB test.",
    "CV, a letter of support and a copy of your medical license.",
]
# Shares of the listings: rolling, closed (deadline passed) and open deadlines;
# verified within the last year or over a year ago.
ROLLING, CLOSED = 0.25, 0.25
STALE = 0.2


class Command(BaseCommand):
    help = "Load realistic demo data (fictional sponsors; real countries and specialties)."

    def add_arguments(self, parser):
        parser.add_argument("--electives", type=int, default=300, help="How many (default 300).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (repeatable data).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any elective exists."
        )

    @transaction.atomic
    def handle(self, electives, seed, if_empty, verbosity, **options):
        self.verbosity = verbosity
        if if_empty and Elective.objects.exists():
            self.stdout.write("Electives exist already; no demo data added.")
            return
        self.started = time.perf_counter()
        rng = random.Random(seed)
        sponsors = self.sponsors(rng)
        specialties = {specialty.slug: specialty for specialty in Specialty.objects.all()}
        known_languages = set(Language.objects.values_list("code", flat=True))
        taken = set(Elective.objects.values_list("slug", flat=True))
        now = timezone.now()
        today = timezone.localdate()

        rows, wanted_specialties, wanted_languages = [], [], []
        for _ in range(electives):
            category = rng.choices(list(Category), weights=[6, 3, 2])[0]
            country, cities, local_languages = rng.choice(PLACES)
            city = rng.choice(cities)
            title, summary, suits = rng.choice(TOPICS[category])
            suitable = [specialties[slug] for slug in suits if slug in specialties]
            others = suitable[1:]
            chosen = suitable[:1] + rng.sample(others, k=rng.randint(0, len(others)))
            if chosen and rng.random() < 0.15:
                chosen = []  # open to all specialties after all
            title = f"{title} in {city}"
            slug = base = slugify(title)[:190]
            n = 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            weeks_min = rng.choice([2, 3, 4, 4, 4, 6])
            status = rng.choices(list(Status), weights=[6, 4, 80, 10])[0]
            # Verified within the last year, or (STALE) 13 to 30 months ago; published
            # before it was last verified.
            if rng.random() < STALE:
                verified_days_ago = rng.randint(395, 900)
            else:
                verified_days_ago = rng.randint(0, 360)
            published_at = now - datetime.timedelta(
                days=verified_days_ago + rng.randint(0, 400), minutes=rng.randint(0, 1440)
            )
            roll = rng.random()
            if roll < ROLLING:
                deadline = None
            elif roll < ROLLING + CLOSED:
                deadline = today - datetime.timedelta(days=rng.randint(1, 300))
            else:
                deadline = today + datetime.timedelta(days=rng.randint(0, 365))
            pgy_min = rng.choice([None, None, 1, 2, 2, 3])
            cost = rng.choice([None, 0, 0] + list(range(150, 4001, 250)))
            housing = rng.random() < 0.6
            if category == Category.RESEARCH:
                scope = Scope.RESEARCH_ONLY
            elif category == Category.COMMUNITY_HEALTH:
                scope = rng.choice([Scope.HANDS_ON, Scope.HANDS_ON, Scope.OBSERVERSHIP, ""])
            else:
                scope = rng.choice([Scope.HANDS_ON] * 3 + [Scope.OBSERVERSHIP, ""])
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
                    cost_usd=cost,
                    housing=housing,
                    deadline=deadline,
                    url=f"https://example.org/electives/{slug}",
                    contact_email=f"electives@{slugify(country).lower()}.example.org",
                    summary=summary,
                    description=DESCRIPTION.format(summary=summary, work=WORK[category]),
                    status=status,
                    published_at=published_at if status in ("published", "archived") else None,
                    last_verified=today - datetime.timedelta(days=verified_days_ago),
                    scope=scope,
                    supervision=SUPERVISION[category],
                    malpractice=MALPRACTICE.get(scope, ""),
                    fee_includes=self.fee_includes(cost, housing),
                    requirements=rng.choice(REQUIREMENTS),
                    emergency_support=rng.choice([YesNo.YES, YesNo.YES, YesNo.NO, ""]),
                    partner_since=rng.choice([None, rng.randint(1995, today.year - 1)]),
                    credit_granted=rng.choice([YesNo.YES, YesNo.YES, YesNo.NO, ""]),
                )
            )
            wanted_specialties.append(chosen)
            needs = [code for code in local_languages if code in known_languages]
            wanted_languages.append(needs if rng.random() < 0.5 else [])

        self.took("built the rows")
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
            self.took("inserted them")
            update_search_vectors(Elective.objects.filter(pk__range=(min(pks), max(pks))))
            self.took("indexed them for search")
        content_changed()  # bulk_create sends no signals
        self.stdout.write(f"Created {len(created)} electives from {len(sponsors)} demo sponsors.")

    def took(self, what):
        """With -v 2, where the time goes."""
        if self.verbosity > 1:
            self.stdout.write(f"{time.perf_counter() - self.started:6.1f} s: {what}")

    @staticmethod
    def fee_includes(cost, housing):
        if cost is None:
            return ""
        if cost == 0:
            return "No program fee." + (" Housing is provided free." if housing else "")
        return "Housing, airport pickup and local transport." if housing else "Airport pickup."

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
