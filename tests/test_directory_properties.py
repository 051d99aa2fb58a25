"""Whatever the data and the filters, every surface answers what a plain Python reading of
SPEC.md's filter table says, from the one selection (electives.selection.Selection): the JSON
and the listing the same page of results in the same order, the same count and the same
facet counts; the CSV every match in that order; the feed the newest matches; an alert's
digest the newest matches published since its last check."""

import csv
import datetime
import io
import re
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import etree

from electives.cache import content_changed
from electives.models import Elective, Specialty, Status, TravelAdvisory
from electives.regions import region_of
from electives.search import search, update_search_vectors
from mail.models import OutgoingMail
from residents.alerts import search_query
from residents.management.commands.send_alerts import MAX_LISTED
from residents.models import Alert
from tests.factories import (
    AlertFactory,
    ElectiveFactory,
    OrganizationFactory,
    TravelAdvisoryFactory,
)
from tests.listing import csv_slugs

PAGE_SIZE = 3
COUNTRIES = ["KE", "UG", "PE", "IN", "NP"]  # three regions
SPECIALTIES = ["pediatrics", "surgery", "psychiatry"]
LANGUAGES = ["es", "fr"]
SPONSORS = ["Alder Trust", "Birch Fund"]
SCOPES = ["hands-on", "observership", "research-only"]
# Capitalised words with distinct initials: any collation orders these titles as Python does.
TITLE_WORDS = ["Malaria", "Surgery", "Tropical", "Rural"]
SEARCH_WORDS = [word.lower() for word in TITLE_WORDS]
UNDERSTOOD = {"surgery"}  # a specialty's name: the query is that filter (electives.query)
SORTS = ["relevance", "newest", "deadline", "title", "duration", "cost"]
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
NOW = timezone.now().replace(microsecond=0)


def optional(strategy):
    return st.none() | strategy


elective_rows = st.lists(
    st.fixed_dictionaries(
        {
            "title": st.tuples(st.sampled_from(TITLE_WORDS), st.sampled_from(TITLE_WORDS)),
            "status": st.sampled_from([Status.PUBLISHED] * 4 + [Status.DRAFT]),
            "category": st.sampled_from(["clinical", "community-health", "research"]),
            "country": st.sampled_from(COUNTRIES),
            "scope": st.sampled_from(["", *SCOPES]),
            "sponsor": st.sampled_from(SPONSORS),
            "specialties": st.sets(st.sampled_from(SPECIALTIES)),
            "languages": st.sets(st.sampled_from(LANGUAGES)),
            "pgy": st.tuples(optional(st.integers(1, 8)), optional(st.integers(1, 8))).map(
                lambda pair: (
                    (min(pair), max(pair)) if None not in pair else pair  # pgy_min <= pgy_max
                )
            ),
            "weeks": st.tuples(st.integers(1, 12), st.integers(0, 6)),
            "cost_usd": optional(st.sampled_from([0, 400, 800, 1500])),
            "housing": st.booleans(),
            "deadline": optional(st.integers(-3, 3).map(lambda n: TODAY + n * DAY)),
            "published_at": st.integers(0, 3).map(lambda n: NOW - n * DAY),  # ties on purpose
        }
    ),
    max_size=14,
)
# Each country's advisory level; a country left out has none on file.
advisory_levels = st.dictionaries(st.sampled_from(COUNTRIES), st.integers(1, 4))


def some(values):
    return st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True)


filters = st.fixed_dictionaries(
    {},
    optional={
        "q": st.sampled_from(SEARCH_WORDS),
        "category": some(["clinical", "community-health", "research"]),
        "region": some(["sub-saharan-africa", "south-asia", "latin-america-caribbean"]),
        "country": some(COUNTRIES),
        "scope": some(SCOPES),
        "specialty": some(SPECIALTIES),
        "organization": some(["alder-trust", "birch-fund"]),
        "language": some(LANGUAGES),
        "pgy": st.integers(1, 8),
        "min_weeks": st.integers(1, 18),
        "max_weeks": st.integers(1, 18),
        "weeks": st.integers(1, 18),
        "max_cost": st.sampled_from([0, 500, 1000, 5000]),
        "housing": st.just("1"),
        "open": st.just("1"),
        "advisory_max": st.integers(1, 4),
        "sort": st.sampled_from(SORTS),
        "page": st.integers(1, 3),
    },
)


def create(rows, levels):
    """The rows in five queries (bulk, so no signals: the version is replaced by hand)."""
    Elective.objects.all().delete()
    TravelAdvisory.objects.all().delete()
    TravelAdvisory.objects.bulk_create(
        TravelAdvisoryFactory.build(country=code, level=level) for code, level in levels.items()
    )
    sponsors = {name: OrganizationFactory(name=name) for name in SPONSORS}
    made = Elective.objects.bulk_create(
        ElectiveFactory.build(
            title=" ".join(row["title"]),
            slug=f"elective-{n}",
            status=row["status"],
            category=row["category"],
            country=row["country"],
            scope=row["scope"],
            city="",
            organization=sponsors[row["sponsor"]],
            summary="A placement with a host team.",
            description="",
            pgy_min=row["pgy"][0],
            pgy_max=row["pgy"][1],
            weeks_min=row["weeks"][0],
            weeks_max=row["weeks"][0] + row["weeks"][1],
            cost_usd=row["cost_usd"],
            housing=row["housing"],
            deadline=row["deadline"],
            published_at=row["published_at"] if row["status"] == Status.PUBLISHED else None,
        )
        for n, row in enumerate(rows)
    )
    specialties = dict(Specialty.objects.filter(slug__in=SPECIALTIES).values_list("slug", "pk"))
    Elective.specialties.through.objects.bulk_create(
        Elective.specialties.through(elective=elective, specialty_id=specialties[slug])
        for elective, row in zip(made, rows, strict=True)
        for slug in row["specialties"]
    )
    Elective.languages.through.objects.bulk_create(
        Elective.languages.through(elective=elective, language_id=code)
        for elective, row in zip(made, rows, strict=True)
        for code in row["languages"]
    )
    update_search_vectors(Elective.objects.all())
    content_changed()
    return made


def reference_match(e, params, *, ignore=None):
    """SPEC.md's filter table, one line each, over one elective."""
    specialties = {s.slug for s in e.specialties.all()}
    languages = {lang.code for lang in e.languages.all()}
    # The titles' words appear in no region, country or category name; "surgery" is also
    # the name (and in the aliases) of a specialty: understood as that filter (issue 28).
    specialty_words = " ".join(f"{s.name} {s.aliases}" for s in e.specialties.all()).lower()
    checks = {
        "q": lambda q: (
            (not specialties or q in specialties)
            if q in UNDERSTOOD
            else q in e.title.lower() or q in specialty_words
        ),
        "category": lambda values: e.category in values,
        "region": lambda values: region_of(e.country.code) in values,
        "country": lambda values: e.country.code in values,
        "scope": lambda values: e.scope in values,
        "specialty": lambda values: not specialties or bool(specialties & set(values)),
        "organization": lambda values: e.organization.slug in values,
        "pgy": lambda n: (
            (e.pgy_min is None or e.pgy_min <= n) and (e.pgy_max is None or e.pgy_max >= n)
        ),
        "min_weeks": lambda n: e.weeks_max >= n,
        "max_weeks": lambda n: e.weeks_min <= n,
        "weeks": lambda n: e.weeks_min <= n,
        "max_cost": lambda n: e.cost_usd is not None and e.cost_usd <= n,
        "language": lambda values: languages <= set(values) | {"en"},
        "housing": lambda _: e.housing,
        "open": lambda _: e.deadline is None or e.deadline >= TODAY,
        "advisory_max": lambda n: e.advisory_level is None or e.advisory_level <= n,
    }
    return e.status == Status.PUBLISHED and all(
        check(params[name]) for name, check in checks.items() if name in params and name != ignore
    )


def reference_order(matches, params):
    sort = params.get("sort") or ("relevance" if "q" in params else "newest")
    if sort == "relevance" and "q" not in params:
        sort = "newest"
    by_title = sorted(matches, key=lambda e: (e.title, e.id))
    newest = sorted(by_title, key=lambda e: e.published_at, reverse=True)
    keys = {
        "title": lambda e: 0,
        # Upcoming soonest first, then rolling, then passed most recently passed first.
        "deadline": lambda e: (
            (1, 0)
            if e.deadline is None
            else (0, e.deadline.toordinal())
            if e.deadline >= TODAY
            else (2, -e.deadline.toordinal())
        ),
        "duration": lambda e: (e.weeks_min, e.weeks_max),
        "cost": lambda e: (e.cost_usd is None, e.cost_usd or 0),
    }
    if sort == "relevance":
        # An understood specialty ranks those naming it first, as the text search of its
        # name would; electives it includes without naming it rank 0.
        ranks = dict(search(Elective.objects.published(), params["q"]).values_list("pk", "rank"))
        by_deadline = sorted(by_title, key=keys["deadline"])  # equal ranks: as the deadline sort
        return sorted(by_deadline, key=lambda e: -ranks.get(e.pk, 0))
    if sort == "newest":
        return newest
    return sorted(by_title, key=keys[sort])  # sorted() is stable: ties stay by title, id


def reference_facets(electives, params, known_specialties):
    options = {
        "category": lambda e: [e.category],
        "region": lambda e: [region_of(e.country.code)],
        "country": lambda e: [e.country.code],
        # An elective open to all specialties counts under each one.
        "specialty": lambda e: [s.slug for s in e.specialties.all()] or known_specialties,
    }
    facets = {}
    for name, values_of in options.items():
        counts = {}
        for e in electives:
            if reference_match(e, params, ignore=name):
                for value in values_of(e):
                    counts[value] = counts.get(value, 0) + 1
        facets[name] = counts
    return facets


def reference_languages(electives, params):
    """{code: results ticking it too would give} for each language some published
    elective needs, and each chosen (English is assumed)."""
    chosen = set(params.get("language", []))
    needed = {
        lang.code for e in electives if e.status == Status.PUBLISHED for lang in e.languages.all()
    }
    counts = {}
    for code in (needed | chosen) - {"en"}:
        ticked = {**params, "language": sorted(chosen | {code})}
        counts[code] = sum(reference_match(e, ticked) for e in electives)
    return counts


@pytest.mark.slow
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=elective_rows,
    levels=advisory_levels,
    combinations=st.lists(filters, min_size=1, max_size=6),
)
def test_the_directory_answers_as_the_reference_does(
    client, db, settings, rows, levels, combinations
):
    settings.LISTING_PAGE_SIZE = PAGE_SIZE
    settings.PUBLIC_PAGE_CACHE = False  # every page rendered: its context is read below
    known_specialties = list(Specialty.objects.values_list("slug", flat=True))
    made = create(rows, levels)
    electives = list(
        Elective.objects.filter(pk__in=[e.pk for e in made])
        .select_related("organization")
        .prefetch_related("specialties", "languages")
    )
    for e in electives:
        e.advisory_level = levels.get(e.country.code)
    sponsors = {e.organization.slug for e in electives if e.status == Status.PUBLISHED}
    for params in combinations:
        response = client.get("/api/electives/", params)
        if not set(params.get("organization", [])) <= sponsors:
            # A sponsor with nothing published is unknown to the directory.
            assert response.status_code == 400, params
            continue
        matches = reference_order([e for e in electives if reference_match(e, params)], params)
        assert csv_slugs(client, urlencode(params, doseq=True)) == [e.slug for e in matches], params
        page, pages = params.get("page", 1), max(1, -(-len(matches) // PAGE_SIZE))
        if page > pages:
            assert response.status_code == 404, params
            continue
        assert response.status_code == 200, (params, response.content)
        data = response.json()
        assert data["count"] == len(matches), params
        expected = [e.slug for e in matches[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
        assert [r["slug"] for r in data["results"]] == expected, params
        assert data["facets"] == reference_facets(electives, params, known_specialties), params
        # The listing's language options count what ticking each one would give.
        listing = client.get("/electives/", params)
        assert listing.status_code == 200, params
        languages = {option["value"]: option["count"] for option in listing.context["languages"]}
        assert languages == reference_languages(electives, params), params
        assert listed_slugs(listing) == expected, params
        exported = client.get("/electives/export.csv", params)
        assert exported.status_code == 200, params
        rows = csv.DictReader(io.StringIO(exported.content.decode()))
        assert [row["slug"] for row in rows] == [e.slug for e in matches], params
        newest = [e.slug for e in reference_order(matches, {**params, "sort": "newest"})]
        assert feed_slugs(client, params) == newest[:50], params
        assert digest_slugs(params) == newest[:MAX_LISTED], params


CARD_LINK = re.compile(
    r'<article class="card elective-card[^"]*"[^>]*>\s*<h3><a href="/electives/([^/]+)/"'
)
ATOM = "{http://www.w3.org/2005/Atom}"


def listed_slugs(response):
    return CARD_LINK.findall(response.content.decode())


def feed_slugs(client, params):
    response = client.get("/electives/feed/", params)
    assert response.status_code == 200, params
    entries = etree.fromstring(response.content).iter(f"{ATOM}entry")
    return [entry.find(f"{ATOM}link").get("href").split("/")[-2] for entry in entries]


def digest_slugs(params):
    """The electives a daily alert for this search e-mails, when all are new to it."""
    Alert.objects.all().delete()
    OutgoingMail.objects.all().delete()
    query, _ = search_query(QueryDict(urlencode(params, doseq=True)))
    AlertFactory(query=query, frequency="daily", confirmed_at=NOW - 30 * DAY, checked_at=None)
    call_command("send_alerts", stdout=io.StringIO())
    mail = OutgoingMail.objects.first()
    return re.findall(r"/electives/([^/\s]+)/\n", mail.text) if mail else []
