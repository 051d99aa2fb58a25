"""Demo data: fictional sponsors, real countries and specialties, listings that hang together.

Topics fit their specialties, categories and places (no malaria surveillance for dermatology
or in Edinburgh; research projects promise no call); a listing named for a specialty lists it;
required languages are the clinical site's working language; cities lie in their countries
(the tests check them against GeoNames), and some countries carry the sample travel
advisories (Haiti, Uganda, Guatemala, Congo (Kinshasa)). Sponsors and titles vary as real
ones do. About a quarter of the deadlines have passed (those listings were published before
their deadline, so they do not lead the newest-first order) and a fifth of the listings were
last verified over a year ago, as in a real directory.

Bulk inserts throughout: 100,000 electives take about a minute on PostgreSQL.
"""

import datetime
import functools
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

# Real places where U.S. residents rotate: (country, cities, the languages a visiting
# resident must work in there, what the place has). Most teaching hospitals work in English
# even where patients speak other languages (Ibadan: English, not Yoruba). "malaria": the
# cities lie where malaria is transmitted; "lmic": low- and middle-income countries, where
# outreach camps and clean-water programs are plausible (not London or Dunedin).
MALARIA, LMIC = "malaria", "lmic"
PLACES = [
    ("KE", ["Kisumu"], [], {MALARIA, LMIC}),
    ("KE", ["Nairobi", "Eldoret", "Naivasha"], [], {LMIC}),
    ("UG", ["Kampala", "Mbarara", "Gulu"], [], {MALARIA, LMIC}),
    ("TZ", ["Moshi", "Dar es Salaam", "Arusha"], ["sw"], {MALARIA, LMIC}),
    ("RW", ["Kigali", "Butare"], [], {MALARIA, LMIC}),
    ("GH", ["Accra", "Kumasi", "Tamale"], [], {MALARIA, LMIC}),
    ("MW", ["Blantyre", "Lilongwe"], [], {MALARIA, LMIC}),
    ("BW", ["Gaborone"], [], {LMIC}),
    ("ZA", ["Cape Town", "Durban", "Johannesburg"], [], {LMIC}),
    ("ET", ["Gondar"], ["am"], {MALARIA, LMIC}),
    ("ET", ["Addis Ababa"], ["am"], {LMIC}),
    ("ZM", ["Lusaka"], [], {MALARIA, LMIC}),
    ("NG", ["Ibadan", "Lagos"], [], {MALARIA, LMIC}),
    ("SN", ["Dakar"], ["fr"], {MALARIA, LMIC}),
    ("CD", ["Kinshasa", "Bukavu"], ["fr"], {MALARIA, LMIC}),
    ("CI", ["Abidjan", "Bouaké"], ["fr"], {MALARIA, LMIC}),
    ("HT", ["Port-au-Prince", "Cap-Haïtien", "Hinche"], ["fr"], {MALARIA, LMIC}),
    ("GT", ["Antigua Guatemala", "Quetzaltenango"], ["es"], {LMIC}),
    ("HN", ["Tegucigalpa", "San Pedro Sula"], ["es"], {LMIC}),
    ("NI", ["León", "Managua"], ["es"], {LMIC}),
    ("PE", ["Iquitos"], ["es"], {MALARIA, LMIC}),
    ("PE", ["Lima", "Cusco"], ["es"], {LMIC}),
    ("BO", ["La Paz", "Cochabamba"], ["es"], {LMIC}),
    ("EC", ["Quito", "Cuenca"], ["es"], {LMIC}),
    ("DO", ["Santo Domingo", "Santiago de los Caballeros"], ["es"], {LMIC}),
    ("MX", ["Oaxaca", "San Cristóbal de las Casas", "Mexico City"], ["es"], {LMIC}),
    ("BR", ["São Paulo", "Salvador"], ["pt"], {LMIC}),
    ("IN", ["Vellore", "Pune", "Lucknow"], [], {LMIC}),
    ("NP", ["Kathmandu", "Dhulikhel"], [], {LMIC}),
    ("BD", ["Dhaka"], [], {LMIC}),
    ("VN", ["Hanoi", "Ho Chi Minh City"], ["vi"], {LMIC}),
    ("KH", ["Phnom Penh", "Siem Reap"], [], {LMIC}),
    ("PH", ["Manila", "Cebu"], [], {LMIC}),
    ("TH", ["Chiang Mai", "Bangkok"], [], {LMIC}),
    ("MN", ["Ulaanbaatar"], ["mn"], {LMIC}),
    ("PG", ["Port Moresby"], [], {MALARIA, LMIC}),
    ("JO", ["Amman"], [], {LMIC}),
    ("MA", ["Rabat", "Marrakesh"], ["fr"], {LMIC}),
    ("EG", ["Cairo"], [], {LMIC}),
    ("GB", ["London", "Edinburgh"], [], set()),
    ("IE", ["Dublin"], [], set()),
    ("NZ", ["Auckland", "Dunedin"], [], set()),
    ("AU", ["Darwin", "Alice Springs"], [], set()),
]

# Fictional sponsors, each named as such a body would be: (name, kind, country, the
# specialties it works in or None for any). A sponsor based in a country where electives
# take place sponsors only there; the others (U.S., British, Irish) sponsor anywhere.
SURGICAL = {"surgery", "orthopaedic-surgery", "anesthesiology", "urology", "otolaryngology"}
SPONSORS = [
    ("Lakeshore University Center for Global Health", "academic", "US", None),
    ("Riverbend School of Medicine Global Surgery Program", "academic", "US", SURGICAL),
    ("Northfield College of Medicine Office of Global Health", "academic", "US", None),
    ("Cedar Valley Children's Hospital Global Child Health", "hospital", "US", {"pediatrics"}),
    ("Harborview Institute for Tropical Medicine", "academic", "US", {"internal-medicine"}),
    (
        "Prairie State University Department of Family Medicine",
        "academic",
        "US",
        {"family-medicine"},
    ),
    ("Summit Ridge Medical Center International Programs", "hospital", "US", None),
    ("Westbrook Health System Global Partnerships", "hospital", "US", None),
    ("Bluewater Eye Foundation", "ngo", "US", {"ophthalmology"}),
    ("Open Hands Medical Alliance", "ngo", "US", None),
    ("Healthbridge Partners", "ngo", "US", None),
    ("Mothers First Initiative", "ngo", "US", {"obstetrics-gynecology"}),
    ("Clearwater Rural Health Trust", "ngo", "GB", None),
    ("Stonebridge Mission Hospitals", "faith-based", "US", None),
    ("St. Brendan's Medical Mission", "faith-based", "IE", None),
    ("Good Samaritan Health Network", "faith-based", "US", None),
    ("Highland Surgical Outreach", "ngo", "GB", SURGICAL),
    ("Maple Grove Foundation for Mental Health", "ngo", "US", {"psychiatry"}),
    ("Southern Cross Rural Medicine Network", "academic", "AU", None),
    ("Aotearoa Rural Health Exchange", "academic", "NZ", None),
    ("Kilimanjaro Clinical Research Collaborative", "academic", "TZ", None),
    ("Lake Victoria Health Research Partnership", "academic", "UG", None),
    ("Andean Community Health Cooperative", "ngo", "PE", None),
    ("Highlands Maternal Health Project", "ngo", "GT", {"obstetrics-gynecology"}),
    ("Hôpital Partenaire Sainte-Anne", "faith-based", "HT", None),
    ("Mekong Medical Education Trust", "ngo", "VN", None),
    ("Himalayan Health Exchange Society", "ngo", "NP", None),
    ("Gulf of Guinea Surgical Society", "academic", "GH", SURGICAL),
    ("Sahel Public Health Institute", "academic", "SN", None),
    ("Ministry of Health Visiting Clinician Scheme", "government", "RW", None),
    ("Provincial Health Department Elective Office", "government", "ZA", None),
    ("Steppe Medical Partnership", "ngo", "MN", None),
]
ANYWHERE = {"US", "GB", "IE"}

# Where a listing says the work happens, by category ("{city}" filled in).
SITES = {
    "clinical": [
        "{city} Teaching Hospital",
        "{city} District Hospital",
        "St. Luke's Hospital, {city}",
        "{city} Regional Referral Hospital",
        "Mission Hospital, {city}",
    ],
    "community-health": [
        "{city} District Health Office",
        "{city} Community Health Centre",
        "Outreach clinics around {city}",
    ],
    "research": [
        "{city} Clinical Research Unit",
        "{city} University Research Centre",
        "Field station near {city}",
    ],
}
# How listings are titled: varied, as sponsors write them.
TITLE_FORMS = ["{topic} in {city}", "{topic}: {site}", "{city} {topic}", "{topic} ({site})"]

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
# Topics that fit only some places (PLACES): the others fit anywhere.
NEEDS = {
    "Malaria Surveillance Project": MALARIA,
    "Tropical Medicine Clinical Elective": MALARIA,
    "Dermatology Clinic Elective": LMIC,  # leprosy
    "Maternal and Child Health Project": LMIC,
    "Community Vaccination Outreach": LMIC,
    "Clean Water and Diarrheal Disease Program": LMIC,
    "Noncommunicable Disease Screening Camps": LMIC,
    "Outreach Eye Camps": LMIC,
    "Community Health Worker Training": LMIC,
    "Skin Disease Prevalence Survey": LMIC,
}
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
            if verbosity:
                self.stdout.write("Electives exist already; no demo data added.")
            return
        self.started = time.perf_counter()
        rng = random.Random(seed)
        sponsors = self.sponsors()

        @functools.cache
        def sponsors_for(country, suits):
            """Sponsors working where and in what this listing is."""
            fitting = [
                (sponsor, home)
                for sponsor, (_, _, home, focus) in zip(sponsors, SPONSORS, strict=True)
                if (home in ANYWHERE or home == country) and (focus is None or focus & set(suits))
            ]
            local = [sponsor for sponsor, home in fitting if home == country]
            fitting = [sponsor for sponsor, _ in fitting]
            # Local sponsors are few: give them about half of their country's listings.
            return local * max(1, len(fitting) // max(1, len(local))) + fitting

        specialties = {specialty.slug: specialty for specialty in Specialty.objects.all()}
        known_languages = set(Language.objects.values_list("code", flat=True))
        taken = set(Elective.objects.values_list("slug", flat=True))
        now = timezone.now()
        today = timezone.localdate()

        rows, wanted_specialties, wanted_languages = [], [], []
        for _ in range(electives):
            category = rng.choices(list(Category), weights=[6, 3, 2])[0]
            country, cities, working_languages, has = rng.choice(PLACES)
            city = rng.choice(cities)
            fitting = [t for t in TOPICS[category] if t[0] not in NEEDS or NEEDS[t[0]] in has]
            topic, summary, suits = rng.choice(fitting)
            suits = tuple(suits)
            suitable = [specialties[slug] for slug in suits if slug in specialties]
            others = suitable[1:]
            chosen = suitable[:1] + rng.sample(others, k=rng.randint(0, len(others)))
            # A listing named for a specialty lists it; others may be open to all after all.
            if chosen and chosen[0].name.lower() not in topic.lower() and rng.random() < 0.15:
                chosen = []
            site = rng.choice(SITES[category]).format(city=city)
            title = rng.choice(TITLE_FORMS).format(topic=topic, city=city, site=site)
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
            roll = rng.random()
            if roll < ROLLING:
                deadline = None
            elif roll < ROLLING + CLOSED:
                deadline = today - datetime.timedelta(days=rng.randint(1, 300))
            else:
                deadline = today + datetime.timedelta(days=rng.randint(0, 365))
            if deadline is not None and deadline < today:
                # Published months before its deadline passed: closed listings are never
                # the newest, so they do not lead the default (newest first) order.
                published_days_ago = (today - deadline).days + rng.randint(120, 500)
            else:
                published_days_ago = verified_days_ago + rng.randint(0, 90)
            published_at = now - datetime.timedelta(
                days=max(published_days_ago, verified_days_ago), minutes=rng.randint(0, 1440)
            )
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
                    organization=rng.choice(sponsors_for(country, suits)),
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
            # The site's working language; a research team may work in English.
            needs = [code for code in working_languages if code in known_languages]
            in_english = category == Category.RESEARCH and rng.random() < 0.5
            wanted_languages.append([] if in_english else needs)

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
        if self.verbosity:
            made = f"Created {len(created)} electives from {len(sponsors)} demo sponsors."
            self.stdout.write(made)

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

    @staticmethod
    def sponsors():
        sponsors = []
        for name, kind, country, _ in SPONSORS:
            sponsor, _ = Organization.objects.get_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "country": country,
                    "website": f"https://{slugify(name)[:40].strip('-')}.example.org/",
                    "description": "A fictional sponsor made for demo data.",
                },
            )
            sponsors.append(sponsor)
        return sponsors
