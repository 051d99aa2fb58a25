"""Demo data: fictional sponsors and hospitals, real countries, cities and specialties,
listings that hang together (the data lives in electives/demo/).

Topics fit their specialties, categories and places (no malaria surveillance for dermatology
or in Edinburgh); hospitals are named from their own city; descriptions, malpractice lines
and approval facts agree with the scope (an observership promises no call); sponsors named
for a specialty offer only its electives; summaries are not shared by more than two
listings; fees and stays vary as real programs' do. A few deadlines have passed (those
listings were published before their deadline, so they do not lead the newest-first order)
and a fifth of the listings were last verified over a year ago, as in a real directory.
Debriefs come from debriefs' own seed_demo_debriefs (debriefs sits above electives).

Bulk inserts throughout: 100,000 electives take about a minute on PostgreSQL. The richer
data (approval facts, varied descriptions) did not make it slower: 30,000 electives on
PostgreSQL, busy 2-core machine, 66-84 s wall against 70-99 s before, of which building the
rows took 6.6-8.7 s (5.8-7.3 s before).
"""

import datetime
import functools
import itertools
import random
import time
from collections import Counter
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import update_change_reason

from electives.cache import content_changed
from electives.demo import listings
from electives.demo.facts import Listing, pick_facts
from electives.demo.places import (
    COMMUNITY_SITES,
    HIGH_INCOME,
    PLACES,
    RESEARCH_SITES,
    hospitals,
    sites,
)
from electives.demo.sponsors import SPONSORS
from electives.demo.topics import TOPICS
from electives.history import SEED_DATA, record_history
from electives.models import Category, Elective, Language, Organization, Scope, Specialty, Status
from electives.search import update_search_vectors

# Clinical, community health and research; draft, in review, published and archived (as
# cumulative weights: computed once, not for each of 100,000 listings).
CATEGORIES, CATEGORY_WEIGHTS = list(Category), list(itertools.accumulate([6, 3, 2]))
STATUSES, STATUS_WEIGHTS = list(Status), list(itertools.accumulate([6, 4, 80, 10]))
# How listings are titled: varied, as sponsors write them.
TITLE_FORMS = ["{topic} in {city}", "{topic}: {site}", "{city} {topic}", "{topic} ({site})"]
# Shares of the listings: rolling and closed (deadline passed) deadlines, the rest open
# (issue 28: at most about a tenth past their deadline); verified over a year ago.
ROLLING, CLOSED = 0.25, 0.06
STALE = 0.2
# A summary is written for at most this many listings while the topic has other leads.
SUMMARY_REUSE = 2
HANDS_ON, OBSERVERSHIP = Scope.HANDS_ON, Scope.OBSERVERSHIP
SCOPES = {
    Category.CLINICAL: [HANDS_ON, HANDS_ON, HANDS_ON, OBSERVERSHIP, ""],
    # High-income hospitals mostly offer observerships to visitors without local licences.
    "high-income": [HANDS_ON, OBSERVERSHIP, OBSERVERSHIP, ""],
    Category.COMMUNITY_HEALTH: [HANDS_ON, HANDS_ON, OBSERVERSHIP, ""],
    Category.RESEARCH: [Scope.RESEARCH_ONLY],
}


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
        # Applications go to the sponsor's own electives office, at its web address's domain.
        contact_emails = {
            sponsor.pk: f"electives@{urlsplit(sponsor.website).hostname or 'example.org'}"
            for sponsor in sponsors
        }

        @functools.cache
        def sponsors_for(country, has, category, topic_title):
            """Sponsors that would offer this topic there."""
            topic = next(t for t in TOPICS[category] if t.title == topic_title)
            fitting = [
                (organization, sponsor.country)
                for organization, sponsor in zip(sponsors, SPONSORS, strict=True)
                if sponsor.offers(topic, category, country, has)
            ]
            local = [organization for organization, home in fitting if home == country]
            fitting = [organization for organization, _ in fitting]
            # Local sponsors are few: give them about half of their country's listings.
            return local * max(1, len(fitting) // max(1, len(local))) + fitting

        @functools.cache
        def topics_for(category, has):
            return [topic for topic in TOPICS[category] if topic.needs in has | {""}]

        specialties = {specialty.slug: specialty for specialty in Specialty.objects.all()}
        known_languages = set(Language.objects.values_list("code", flat=True))
        taken = set(Elective.objects.values_list("slug", flat=True))
        summaries = Counter()
        now = timezone.now()
        today = timezone.localdate()

        rows, wanted_specialties, wanted_languages = [], [], []
        for _ in range(electives):
            category = rng.choices(CATEGORIES, cum_weights=CATEGORY_WEIGHTS)[0]
            place = rng.choice(PLACES)
            country, city = place.country, rng.choice(place.cities)
            topic = rng.choice(topics_for(category, frozenset(place.has)))
            suitable = [specialties[slug] for slug in topic.specialties if slug in specialties]
            others = suitable[1:]
            chosen = suitable[:1] + rng.sample(others, k=rng.randint(0, len(others)))
            # A listing named for a specialty lists it; others may be open to all after all.
            if chosen and chosen[0].name.lower() not in topic.title.lower() and rng.random() < 0.15:
                chosen = []
            if category == Category.CLINICAL:
                site = rng.choice(hospitals(country, city, topic.level))
            elif category == Category.COMMUNITY_HEALTH:
                site = rng.choice(sites(COMMUNITY_SITES, city))
            else:
                site = rng.choice(sites(RESEARCH_SITES, city))
            title = rng.choice(TITLE_FORMS).format(topic=topic.title, city=city, site=site)
            slug = base = slugify(title)[:190]
            n = 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            high_income = category == Category.CLINICAL and country in HIGH_INCOME
            scope = rng.choice(SCOPES["high-income" if high_income else category])
            organization = rng.choice(
                sponsors_for(country, frozenset(place.has), category, topic.title)
            )
            weeks_min, weeks_max = listings.weeks(rng, category, scope)
            cost = listings.fee(rng, country, scope, organization.kind, weeks_min)
            housing = rng.random() < 0.6
            status = rng.choices(STATUSES, cum_weights=STATUS_WEIGHTS)[0]
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
                deadline = today - datetime.timedelta(days=rng.randint(1, 200))
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
            # A summary is shared by at most SUMMARY_REUSE listings while the topic has
            # other leads for this site.
            lead = rng.choice(topic.leads)
            if summaries[lead, scope, site] >= SUMMARY_REUSE:
                lead = min(topic.leads, key=lambda lead: summaries[lead, scope, site])
            summaries[lead, scope, site] += 1
            summary = listings.summary(lead, scope, site)
            facts = pick_facts(
                Listing(rng, category, scope, topic, country, city, site, cost=cost, today=today)
            )
            rows.append(
                Elective(
                    title=title,
                    slug=slug,
                    category=category,
                    organization=organization,
                    country=country,
                    city=city,
                    pgy_min=pgy_min,
                    pgy_max=rng.choice([None, None, max(pgy_min or 1, rng.randint(3, 8))]),
                    weeks_min=weeks_min,
                    weeks_max=weeks_max,
                    cost_usd=cost,
                    housing=housing,
                    deadline=deadline,
                    url=f"https://example.org/electives/{slug}",
                    contact_email=contact_emails[organization.pk],
                    summary=summary,
                    description=listings.description(
                        summary, category, scope, topic, facts["supervisor"]
                    ),
                    status=status,
                    published_at=published_at if status in ("published", "archived") else None,
                    last_verified=today - datetime.timedelta(days=verified_days_ago),
                    scope=scope,
                    fee_includes=listings.fee_includes(rng, cost, housing),
                    **facts,
                )
            )
            wanted_specialties.append(chosen)
            # The site's working language; a research team may work in English.
            needs = [code for code in place.languages if code in known_languages]
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
        # Each a first history record ("seed data"), so that the first edit can be undone.
        for start in range(0, len(pks), 1000):
            record_history(pks[start : start + 1000], update=False, reason=SEED_DATA)
        self.took("recorded their first history")
        content_changed()  # bulk_create sends no signals
        if self.verbosity:
            made = f"Created {len(created)} electives from {len(sponsors)} demo sponsors."
            self.stdout.write(made)

    def took(self, what):
        """With -v 2, where the time goes."""
        if self.verbosity > 1:
            self.stdout.write(f"{time.perf_counter() - self.started:6.1f} s: {what}")

    @staticmethod
    def sponsors():
        sponsors = []
        for name, kind, country, *_ in SPONSORS:
            sponsor, created = Organization.objects.get_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "country": country,
                    "website": f"https://{slugify(name)[:40].strip('-')}.example.org/",
                    "description": "A fictional sponsor made for demo data.",
                },
            )
            if created:
                update_change_reason(sponsor, SEED_DATA)
            sponsors.append(sponsor)
        return sponsors
