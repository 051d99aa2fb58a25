"""An in-process index of the published directory: filter, count and order in microseconds.

Each published elective has a position (a slot in this process's index) and each filter
value a compressed bitmap (pyroaring) of the positions it selects; each sort order is a
list of positions. A selection is the intersection of its filters' bitmaps, a facet count
the size of one more intersection, and a page a walk along an order, so SQL only fetches
the page's rows (and, with `q`, the ids the full-text search matches).

Why: the facets' queries cost most of an uncached listing in SQL; from the index they
cost well under a millisecond (figures in bench/README.md).

Never stale, on any number of servers, and no stall after an edit: the index is labelled
with the content version (electives.cache.current_version(), read from the database on
each request). When the version has moved on, the index reads which electives the changes
since its own touched (ContentChange) and makes a new index from the old one with only
those electives' rows reloaded: four small queries, a few milliseconds, whatever the size
of the directory. Requests that read the version before the change keep the old one. A
change to anything else (a sponsor, a specialty, an advisory, a bulk write) rebuilds it:
six queries and about a second per 100,000 published electives.

Each table is declared once (TABLES: its name, the key or keys a row gives it, and for
thresholds their order); the build and the update are derived from the declaration
(electives.index_tables). Each filter's rule stands in its declaration (electives.filters:
`selects`, the table it reads); each sort's, in electives.orderings (sort_key, over the
rows).
"""

import datetime
import threading
from collections import OrderedDict, defaultdict
from typing import NamedTuple

from django.db.models import BigIntegerField, Func
from django_countries import countries
from pyroaring import BitMap, FrozenBitMap

from .index_tables import Order, Sorted, Table, Threshold
from .models import (
    MAX_WEEKS,
    NEWEST_FIRST,
    PGY_MAX,
    PGY_MIN,
    ContentChange,
    Elective,
    Language,
    Organization,
    Specialty,
    TravelAdvisory,
    plain_language_name,
)
from .orderings import SORTS, sort_key
from .query import Understood, understand
from .regions import region_of
from .search import reading
from .searched import Found, Searched
from .selection import Selection

# Searches kept per index (per content version and process): Index.search.
MAX_SEARCHES = 256
# More changed electives than this (or a tenth of the directory) are read by a rebuild.
MAX_UPDATED = 1_000
# Changes an index remembers, so that a kept search can catch up by its changed electives.
MAX_LOGGED = 64
WEEKS = range(1, MAX_WEEKS + 1)
YEARS = range(PGY_MIN, PGY_MAX + 1)
LEVELS = range(5)  # advisory levels; 0: none on file
BOOLS = (True, False)


class Row(NamedTuple):
    """What the index knows of one published elective."""

    pk: int
    category: str
    country: str
    organization_id: int
    organization_slug: str
    organization_name: str
    pgy_min: int | None
    pgy_max: int | None
    weeks_min: int
    weeks_max: int
    cost_usd: int | None
    housing: bool
    deadline: datetime.date | None
    scope: str
    published: int  # microseconds since 2000 of published_at
    title: str
    specialties: tuple  # slugs
    languages: tuple  # codes
    # The version (its token) whose change last touched it, or the build's: Rendered keys
    # cards by it. A token, not a number: a restored database numbers its changes again.
    stamp: str


COLUMNS = (
    "pk", "category", "country", "organization_id", "organization__slug",
    "organization__name", "pgy_min", "pgy_max", "weeks_min", "weeks_max", "cost_usd",
    "housing", "deadline", "scope", "published", "title",
)  # fmt: skip


class Microseconds(Func):
    """A datetime as whole microseconds since 2000 (the newest-first key), counted by the
    database: reading 100,000 timestamps as datetimes costs the driver about 0.4 s."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        since = "%(expressions)s - TIMESTAMPTZ '2000-01-01 00:00:00+00'"
        template = f"(EXTRACT(EPOCH FROM {since}) * 1000000)::bigint"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Stored as UTC text, 'YYYY-MM-DD HH:MM:SS[.ffffff]': seconds, then the fraction.
        # ('%%%%s': strftime's %s, once this template and then Django's cursor unescape it.)
        seconds = "(CAST(strftime('%%%%s', %(expressions)s) AS INTEGER) - 946684800)"
        template = f"({seconds} * 1000000 + CAST(substr(%(expressions)s, 21, 6) AS INTEGER))"
        return self.as_sql(compiler, connection, template=template, **extra)


def load_rows(electives, stamp):
    """Rows of these published electives (newest first) with their specialties and
    languages: three queries."""
    electives = electives.annotate(published=Microseconds("published_at"))
    values = list(electives.order_by(*NEWEST_FIRST).values_list(*COLUMNS))
    if not values:
        return []
    pks = [value[0] for value in values]
    related = {}
    for field, column in (("specialties", "specialty__slug"), ("languages", "language_id")):
        # A few electives by their ids; all of them by reading the whole link table, whose
        # links of unpublished electives are never looked up: joining the electives to
        # leave those out would read the wide electives table.
        through = getattr(Elective, field).through.objects.all()
        if len(pks) <= MAX_UPDATED:
            through = through.filter(elective_id__in=pks)
        found = defaultdict(list)
        for pk, value in through.values_list("elective_id", column):
            found[pk].append(value)
        related[field] = found
    return [
        Row(
            *value[:14],
            value[14] or 0,
            value[15],
            tuple(sorted(related["specialties"].get(value[0], ()))),
            tuple(sorted(related["languages"].get(value[0], ()))),
            stamp,
        )
        for value in values
    ]


def column(name):
    """A row's one key: the value of one of its columns."""
    return lambda index, row: (getattr(row, name),)


def _pgy_years(index, row):
    # pgy_min empty or at most the year, and pgy_max empty or at least it.
    return range(max(row.pgy_min or 1, 1), min(row.pgy_max or YEARS[-1], YEARS[-1]) + 1)


# Every table of the index, declared once: the filters (electives.filters, `selects`) and
# the facets (electives.selection) read them by name from `Index.tables`.
TABLES = (
    Table("category", column("category")),
    Table("country", lambda index, row: (str(row.country),)),
    Table("region", lambda index, row: (region_of(row.country),)),
    Table("organization", column("organization_id")),
    Table("scope", column("scope")),  # "" (not stated) is a value no filter asks for
    Table("housing", column("housing"), every=lambda index: BOOLS),
    Table("rolling", lambda index, row: (row.deadline is None,), every=lambda index: BOOLS),
    Table("pgy", _pgy_years, every=lambda index: YEARS),
    # Listing no specialty means open to every specialty: counted under each one.
    Table(
        "specialty",
        lambda index, row: row.specialties or index.specialty_names,
        every=lambda index: index.specialty_names,
    ),
    Table("requires", lambda index, row: row.languages),
    # advisory_max=n: a country whose advisory is at most level n, or has none on file
    # (level 0). Advisories are public content: a change to one has the index rebuilt.
    Threshold("advisory_at_most", lambda index, row: index.levels.get(row.country, 0), LEVELS),
    # min_weeks=w: weeks_max >= w; max_weeks=w and weeks=w: weeks_min <= w.
    Threshold("lasting_at_least", lambda index, row: row.weeks_max, reversed(WEEKS)),
    Threshold("lasting_at_most", lambda index, row: row.weeks_min, WEEKS),
    Sorted("cost", lambda index, row: row.cost_usd),  # an unknown fee never fits a budget
    Sorted("deadline", lambda index, row: row.deadline),
)


class Index:
    def __init__(self, version):
        """A full build from the database: six queries."""
        self.levels = dict(TravelAdvisory.objects.values_list("country", "level"))
        self.known = {
            "specialty": {s.slug: s for s in Specialty.objects.only("slug", "name", "aliases")},
            "language": {language.code: language for language in Language.objects.all()},
        }
        self.specialty_names = {slug: s.name for slug, s in self.known["specialty"].items()}
        self.language_names = {
            code: plain_language_name(language.name)
            for code, language in self.known["language"].items()
        }
        self.rows = rows = load_rows(Elective.objects.published(), version.token)
        self.position = {row.pk: p for p, row in enumerate(rows)}
        self.all = BitMap(range(len(rows)))
        self.tables = {table.name: table.build(self, rows) for table in TABLES}
        self.order = {sort: Order(sort_key(sort)).build(rows, self.all) for sort in SORTS}
        self._by_deadline = (None, None)
        self._searches = OrderedDict()
        # (sequence, positions) of the changes since the build, and the sequence before them.
        self.log, self.log_floor = (), version.sequence
        self._made(version)

    def _made(self, version):
        """What both ways of making an index end with: its version, fresh day caches, and
        the names of the countries and sponsors with something published. (The filters'
        slugs and codes may name every specialty and language, and each sponsor with
        something published, in name order, as the chips list them: KnownObjectsField
        checks them here, without a query.)"""
        self.version, self.sequence = version.token, version.sequence
        self._open = (None, None)
        self._searching = threading.Lock()
        self.country_names = {code: countries.name(code) for code in self.tables["country"]}
        sponsors = {}
        for org_pk, bitmap in self.tables["organization"].items():
            row = self.rows[bitmap.min()]
            sponsors[row.organization_slug] = Organization(
                pk=org_pk, slug=row.organization_slug, name=row.organization_name
            )
        by_name = sorted(sponsors.items(), key=lambda item: (item[1].name, item[0]))
        self.known = {**self.known, "organization": dict(by_name)}

    def updated(self, version):
        """This index brought up to `version` by the changes since its own, or None when
        they cannot be read that way (a change to anything but electives, too many
        electives, or a history this index does not share: a rebuild)."""
        if version.sequence <= self.sequence:
            return None
        changes = list(
            ContentChange.objects.filter(
                sequence__gte=self.sequence, sequence__lte=version.sequence
            ).values_list("sequence", "token", "elective_id")
        )
        ours = [token for sequence, token, _ in changes if sequence == self.sequence]
        numbers = {sequence for sequence, _, _ in changes if sequence > self.sequence}
        touched = {pk for sequence, _, pk in changes if sequence > self.sequence}
        touched.discard(ContentChange.NOTHING)
        if (
            not ours
            or ours[0] != self.version
            or len(numbers) != version.sequence - self.sequence
            or ContentChange.EVERYTHING in touched
            or len(touched) > max(MAX_UPDATED, len(self.position) // 10)
        ):
            return None
        rows = load_rows(Elective.objects.published().filter(pk__in=touched), version.token)
        return Updated(self, version, touched, rows)

    def follows(self, version):
        """Whether this index was made after `version`, in the same history (a database's
        history can go back: a restored backup, a test's rolled-back transaction)."""
        return (
            ContentChange.objects.filter(sequence=version.sequence, token=version.token).exists()
            and ContentChange.objects.filter(sequence=self.sequence, token=self.version).exists()
        )

    def changed_since(self, sequence):
        """The positions changed after that sequence, or None if this index does not know."""
        if sequence < self.log_floor:
            return None
        return frozenset().union(*(positions for seq, positions in self.log if seq > sequence))

    def open_on(self, today):
        """Rolling admission, or a deadline today or later; kept for the day."""
        if self._open[0] != today:
            tables = self.tables
            self._open = (today, tables["rolling"][True] | tables["deadline"].at_least(today))
        return self._open[1]

    def ordered(self, sort, today):
        """The positions in that sort's order. SPEC.md's deadline sort moves with the
        date, so it is ordered here once a day (about 10 ms at 10,000 electives)."""
        if sort != "deadline":
            return self.order[sort]
        if self._by_deadline[0] != today:
            order = Order(sort_key("deadline", today)).build(self.rows, self.all)
            self._by_deadline = (today, order)
        return self._by_deadline[1]

    def key(self, sort, today):
        """A position's place in a sort, as a sortable key."""
        key, rows = sort_key(sort, today), self.rows
        return lambda p: key(rows[p])

    def counts(self, table):
        """{key: how many published electives it holds} of one table (the home page's
        categories, the countries' map): no query."""
        return {key: len(bitmap) for key, bitmap in self.tables[table].items() if bitmap}

    def workable_in(self, codes):
        accepted = set(codes) | {"en"}
        needs_other = BitMap().union(
            *(bm for code, bm in self.tables["requires"].items() if code not in accepted)
        )
        return self.all - needs_other

    def any_of(self, table, values):
        """The positions having any of these values in one of the index's tables."""
        groups = self.tables[table]
        return BitMap().union(*(groups.get(value, BitMap()) for value in values))

    def search(self, text, within, literal=False):
        """(the published electives `text` finds, as Found; its Reading or None).

        The text is understood first (electives.query; `literal`: not at all). When it
        finds none of `within` (the other filters' selection), the search for its
        correction (electives.search.reading).
        Searches and readings are kept for the most recent texts (a search kept from an
        earlier version catches up by the electives changed since): the ranking costs
        PostgreSQL about 5 ms for a word found in 3,000 of 10,000 electives, and residents
        repeat searches."""
        found = self._found(text, literal)
        if not within or found.positions.intersect(within):
            return found, None  # (nothing within: no reading could find anything)

        def finds(words):
            return self._found(words, literal).positions.intersect(within)

        electives = Elective.objects.published()
        fixed = found.understood.fixed_words()
        read = self._kept(
            ("reading", text, literal, self.sequence, FrozenBitMap(within)),
            lambda: reading(electives, text, finds, fixed),
        )
        if read.corrected:
            found = self._found(read.corrected, literal)
        return found, read

    def _found(self, text, literal=False):
        if literal:
            meaning = Understood.literal(text)
        else:
            specialties = ((s.slug, s.name, s.aliases) for s in self.known["specialty"].values())
            meaning = understand(text, specialties)
        prefer = meaning.prefer()
        searched = self._searched(meaning.rest, prefer) if meaning.rest or prefer else None
        return Found(self, meaning, searched)

    def _searched(self, text, prefer=()):
        key = (text, prefer)
        kept = self._kept(key, lambda: Searched.ranked(self, text, prefer))
        if kept.sequence != self.sequence:
            kept = Searched.caught_up(kept, self, text, prefer)
            with self._searching:
                self._searches[key] = kept
        return kept

    def _kept(self, key, make):
        with self._searching:
            kept = self._searches.get(key)
            if kept is not None:
                self._searches.move_to_end(key)
                return kept
        kept = make()
        with self._searching:
            self._searches[key] = kept
            if len(self._searches) > MAX_SEARCHES:
                self._searches.popitem(last=False)
        return kept

    def find(self, filters):
        data = filters.form.cleaned_data
        constraints, search, read = {}, None, None
        for name, one in filters.filters.items():
            value = data.get(name)
            if value in (None, "", []) or one.selects is None:
                continue
            constraints[name] = one.selects(self, value)
        if data.get("q"):
            # After the other filters: a correction must find something with them.
            within = BitMap.intersection(self.all, *constraints.values())
            search, read = self.search(data["q"], within, literal=bool(data.get("literal")))
            constraints["q"] = search.positions
        return Selection(self, filters, constraints, search, read)


class Updated(Index):
    """An index made from an older one and the rows of the electives changed since: each
    changed elective leaves the tables and orders it was in and, if still published, joins
    those its new row belongs to (at its old position, or a new one at the end). Every
    table it changes is a new object; the old index is left whole for the requests still
    reading it."""

    def __init__(self, old, version, touched, rows):
        # What only a rebuild changes (advisories, specialties, languages) is shared.
        self.levels, self.known = old.levels, old.known
        self.specialty_names, self.language_names = old.specialty_names, old.language_names
        new_rows = {row.pk: row for row in rows}
        self.rows = list(old.rows)
        self.position = dict(old.position)
        leaving = [old.position[pk] for pk in touched if pk in old.position]
        for pk in touched:
            if pk in old.position and pk not in new_rows:
                del self.position[pk]  # its slot stays empty
        for pk, row in new_rows.items():
            if pk in self.position:
                self.rows[self.position[pk]] = row
            else:
                self.position[pk] = len(self.rows)
                self.rows.append(row)
        joining = [self.position[pk] for pk in new_rows]
        self.all = (old.all - BitMap(leaving)) | BitMap(joining)
        self.tables = {
            table.name: table.updated(old.tables[table.name], old, self, leaving, joining)
            for table in TABLES
        }

        def reordered(key, order):
            return Order(key).updated(order, old.rows, self.rows, leaving, joining)

        self.order = {sort: reordered(sort_key(sort), order) for sort, order in old.order.items()}
        today, by_deadline = old._by_deadline
        if today is not None:
            by_deadline = reordered(sort_key("deadline", today), by_deadline)
        self._by_deadline = (today, by_deadline)
        # Kept searches catch up by the positions changed since them (Searched.caught_up).
        self._searches = OrderedDict(
            (text, found) for text, found in old._searches.items() if isinstance(found, Searched)
        )
        self.log = (*old.log, (version.sequence, frozenset(leaving + joining)))
        self.log_floor = old.log_floor
        if len(self.log) > MAX_LOGGED:
            self.log_floor = self.log[0][0]
            self.log = self.log[1:]
        self._made(version)


_lock = threading.Lock()
# The newest index this process holds, and the one before it (for requests that read the
# version before the latest change).
_current = _previous = None


def current_index():
    """The index of the current content version: built once per process, then brought up
    to each new version by the electives it changed (Index.updated)."""
    from .cache import current_version

    global _current, _previous
    version = current_version()
    for index in (_current, _previous):
        if index is not None and index.version == version.token:
            return index
    with _lock:
        index = _current
        if index is not None and index.version == version.token:
            return index
        if index is not None and version.sequence < index.sequence and index.follows(version):
            # The request read its version before changes this index already holds (a burst
            # of edits): the newer index answers it, rather than a rebuild of the older one.
            return index
        new = index.updated(version) if index is not None else None
        _previous, _current = index, new or Index(version)
        return _current
