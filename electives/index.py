"""An in-process index of the published directory: filter, count and order in microseconds.

Each published elective gets a position in listing order (newest first) and each filter
value a compressed bitmap (pyroaring) of the positions it selects. A selection is the
intersection of its filters' bitmaps, a facet count the size of one more intersection and
a page of the default order a slice, so SQL only fetches the page's rows (and, with `q`,
the ids the full-text search matches).

Why: the facets' queries cost most of an uncached listing in SQL; from the index they
cost well under a millisecond (figures in bench/README.md).

Never stale, on any number of servers: the index is labelled with the content version
(electives.cache.current_version(), read from the database on each request) and rebuilt
when the version differs, which every edit on every server makes it do. A rebuild costs
six queries per worker process.

Each filter's rule stands in its declaration (electives.filters: `selects`, a function of
this index and the value). The sort orders come from the database (window functions over
electives.orderings' ORDER BY), so collation can never make them disagree with SQL.
"""

import bisect
import threading
from array import array
from collections import OrderedDict, defaultdict

from django.db.models import Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django_countries import countries
from pyroaring import BitMap, FrozenBitMap

from .models import (
    MAX_WEEKS,
    Category,
    Elective,
    Language,
    Organization,
    Specialty,
    TravelAdvisory,
    plain_language_name,
    published,
)
from .orderings import ORDERINGS, deadline_key
from .regions import Region, region_of
from .search import reading, search_ranks

FACETS = ("category", "region", "country", "specialty")
# Above this many matches, a page of a non-default order is found by walking that order
# and keeping the matches (about page end x electives / matches steps); below it, by
# sorting the matches. Either way a few thousand steps at most.
DENSE = 64
# Searches kept per index (per content version and process): Index.search.
MAX_SEARCHES = 256


def _grouped(pairs):
    groups = defaultdict(list)
    for key, position in pairs:
        groups[key].append(position)
    return {key: BitMap(positions) for key, positions in groups.items()}


def _running_unions(groups, keys):
    """{key: the union of the groups of this key and every key before it in `keys`}."""
    result, running = {}, BitMap()
    for key in keys:
        running |= groups.get(key, BitMap())
        result[key] = BitMap(running)
    return result


class Index:
    def __init__(self, version, orders):
        self.version = version
        ranked = {f"rank_{name}": Window(RowNumber(), order_by=ORDERINGS[name]) for name in orders}
        rows = list(
            Elective.objects.published()
            .order_by(*ORDERINGS["newest"])
            .annotate(**ranked)
            .values_list(
                "pk", "category", "country", "organization_id", "pgy_min", "pgy_max",
                "weeks_min", "weeks_max", "cost_usd", "housing", "deadline", "scope",
                "organization__slug", "organization__name", *ranked,
            )
        )  # fmt: skip
        self.ids = [row[0] for row in rows]
        self.position = {pk: n for n, pk in enumerate(self.ids)}
        self.all = BitMap(range(len(rows)))
        columns = list(zip(*rows, strict=True)) or [()] * (14 + len(ranked))
        n = range(len(rows))

        def by_value(column, key=lambda value: value):
            return _grouped((key(value), p) for p, value in enumerate(column))

        self.category = by_value(columns[1])
        self.country = by_value(columns[2], str)
        self.country_names = {code: countries.name(code) for code in self.country}
        self.region = by_value(columns[2], region_of)
        self.organization = by_value(columns[3])
        self.housing = BitMap(p for p, housing in enumerate(columns[9]) if housing)
        self.scope = by_value(columns[11])  # "" (not stated) is a value no filter asks for
        # advisory_max=n: a country whose advisory is at most level n, or has none on file.
        # Advisories are public content: a change to one moves the version, so this rebuilds.
        levels = dict(TravelAdvisory.objects.values_list("country", "level"))
        by_level = _grouped((levels.get(code, 0), p) for p, code in enumerate(columns[2]))
        self.advisory_at_most = _running_unions(by_level, range(5))

        pgy_min, pgy_max = columns[4], columns[5]
        self.pgy = {
            year: BitMap(
                p
                for p in n
                if (pgy_min[p] is None or pgy_min[p] <= year)
                and (pgy_max[p] is None or pgy_max[p] >= year)
            )
            for year in range(1, 9)
        }
        weeks = range(1, MAX_WEEKS + 1)
        # min_weeks=w: weeks_max >= w; max_weeks=w and weeks=w: weeks_min <= w.
        self.lasting_at_least = _running_unions(by_value(columns[7]), reversed(weeks))
        self.lasting_at_most = _running_unions(by_value(columns[6]), weeks)

        costs = sorted((cost, p) for p, cost in enumerate(columns[8]) if cost is not None)
        self.cost_values = [cost for cost, _ in costs]
        self.cost_positions = [p for _, p in costs]
        deadlines = sorted((day, p) for p, day in enumerate(columns[10]) if day is not None)
        self.deadline_values = [day for day, _ in deadlines]
        self.deadline_positions = [p for _, p in deadlines]
        self.rolling = BitMap(p for p, day in enumerate(columns[10]) if day is None)
        self.deadlines = columns[10]
        self._open = (None, None)
        self._searches, self._searching = OrderedDict(), threading.Lock()
        self._by_deadline = (None, None)

        # rank[sort][position]: place in that order; order[sort]: positions in that order.
        self.rank, self.order = {}, {}
        for i, name in enumerate(ranked):
            sort = name.removeprefix("rank_")
            self.rank[sort] = [r - 1 for r in columns[14 + i]]
            order = [0] * len(rows)
            for p, r in enumerate(self.rank[sort]):
                order[r] = p
            self.order[sort] = order
        self.rank["newest"], self.order["newest"] = list(n), list(n)

        through = Elective.specialties.through.objects.filter(published("elective__"))
        listed = _grouped(
            (slug, self.position[pk])
            for pk, slug in through.values_list("elective_id", "specialty__slug")
            if pk in self.position
        )
        listing_some = BitMap().union(*listed.values())
        self.open_to_all = self.all - listing_some
        # What the filters' slugs and codes may name (electives.filters.KnownObjectsField
        # checks them here, without a query): every specialty and language, and each
        # sponsor with something published. Name order, as the chips list them.
        self.known = {
            "specialty": {s.slug: s for s in Specialty.objects.only("slug", "name")},
            "language": {language.code: language for language in Language.objects.all()},
            "organization": {
                slug: Organization(pk=pk, slug=slug, name=name)
                for slug, pk, name in sorted(
                    set(zip(columns[12], columns[3], columns[13], strict=True)),
                    key=lambda sponsor: (sponsor[2], sponsor[0]),
                )
            },
        }
        self.specialty_names = {slug: s.name for slug, s in self.known["specialty"].items()}
        self.specialty = {
            slug: listed.get(slug, BitMap()) | self.open_to_all for slug in self.specialty_names
        }

        through = Elective.languages.through.objects.filter(published("elective__"))
        self.language_names = {
            code: plain_language_name(language.name)
            for code, language in self.known["language"].items()
        }
        self.requires = _grouped(
            (code, self.position[pk])
            for pk, code in through.values_list("elective_id", "language_id")
            if pk in self.position
        )

    def open_on(self, today):
        """Rolling admission, or a deadline today or later; kept for the day."""
        if self._open[0] != today:
            start = bisect.bisect_left(self.deadline_values, today)
            self._open = (today, self.rolling | BitMap(self.deadline_positions[start:]))
        return self._open[1]

    def ordered(self, sort, today):
        """(order, rank) of a sort: positions in that order, and each position's place."""
        if sort != "deadline":
            return self.order[sort], self.rank[sort]
        if self._by_deadline[0] != today:
            # SPEC.md's deadline sort moves with the date, so it is ranked here once a day
            # (about 10 ms at 10,000 electives) rather than in SQL once per version.
            title = self.rank["title"]
            deadlines = self.deadlines
            order = sorted(
                range(len(self.ids)), key=lambda p: (*deadline_key(deadlines[p], today), title[p])
            )
            rank = [0] * len(order)
            for r, p in enumerate(order):
                rank[p] = r
            self._by_deadline = (today, (order, rank))
        return self._by_deadline[1]

    def costing_at_most(self, usd):
        end = bisect.bisect_right(self.cost_values, usd)
        return BitMap(self.cost_positions[:end])

    def workable_in(self, codes):
        accepted = set(codes) | {"en"}
        needs_other = BitMap().union(
            *(bm for code, bm in self.requires.items() if code not in accepted)
        )
        return self.all - needs_other

    def any_of(self, table, values):
        """The positions having any of these values in one of the index's tables (category,
        region, country, scope, specialty, organization)."""
        groups = getattr(self, table)
        missing = self.open_to_all if table == "specialty" else BitMap()
        return BitMap().union(*(groups.get(value, missing) for value in values))

    def positions(self, pks):
        return BitMap(self.position[pk] for pk in pks if pk in self.position)

    def search(self, text, within):
        """(the published electives `text` finds, as Searched; its Reading or None).

        When the text finds none of `within` (the other filters' selection), the search for
        its correction (electives.search.reading).
        Searches and readings are kept for the most recent texts of this version: the
        ranking costs PostgreSQL about 5 ms for a word found in 3,000 of 10,000 electives,
        and residents repeat searches."""
        found = self._searched(text)
        if not within or found.positions.intersect(within):
            return found, None  # (nothing within: no reading could find anything)

        def finds(words):
            return self._searched(words).positions.intersect(within)

        published = Elective.objects.published()
        read = self._kept((text, FrozenBitMap(within)), lambda: reading(published, text, finds))
        if read.corrected:
            found = self._searched(read.corrected)
        return found, read

    def _searched(self, text):
        return self._kept(
            text, lambda: Searched(self, search_ranks(Elective.objects.published(), text))
        )

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
            search, read = self.search(data["q"], within)
            constraints["q"] = search.positions
        return Selection(self, filters, constraints, search, read)


class Searched:
    """One search's matches as positions: a bitmap, and a list by relevance (rank, then
    newest: positions are in newest-first order)."""

    def __init__(self, index, ranks):
        # Ranks of electives the index does not hold (published since) are not matches.
        by_rank = {index.position[pk]: -rank for pk, rank in ranks.items() if pk in index.position}
        self.positions = BitMap(by_rank)
        self.by_relevance = array("l", sorted(by_rank, key=lambda p: (by_rank[p], p)))


def _kept(order, matches, start, stop):
    """Matches start..stop-1 of an order: walk it, keeping the matches."""
    if len(matches) == len(order):
        return list(order[start:stop])
    result = []
    for p in order:
        if p in matches:
            result.append(p)
            if len(result) == stop:
                break
    return result[start:stop]


class Selection:
    """One selection: its size, its pages in any order, and its facet counts."""

    def __init__(self, index, filters, constraints, search=None, reading=None):
        self.index = index
        self.filters = filters
        self.constraints = constraints
        self.matches = self.all_but(None)
        self.sort = filters.sort_order
        self.search = search
        # How `q` was read when its words found nothing (electives.search.Reading).
        self.reading = reading
        self.corrected = reading.corrected if reading else None

    def count_without_missing(self):
        """How many results the search without the words no elective mentions gives
        (with the other filters); None when no word is missing or none is left."""
        if not (self.reading and self.reading.missing and self.reading.without):
            return None
        within = self.all_but("q")
        found, _ = self.index.search(self.reading.without, within)
        return within.intersection_cardinality(found.positions)

    def all_but(self, name):
        others = [bm for key, bm in self.constraints.items() if key != name]
        if not others:
            return self.index.all
        return BitMap.intersection(*others) if len(others) > 1 else others[0]

    def count(self):
        return len(self.matches)

    def counts_without(self):
        """{filter name: how many results dropping that one filter would give}."""
        return {name: len(self.without(name)) for name in self.constraints}

    def without(self, name):
        """The matches without one filter. A search that found nothing is read again
        without it, as the page without it would (a correction may then find something)."""
        if name == "q" or self.reading is None:
            return self.all_but(name)
        others = [bm for key, bm in self.constraints.items() if key not in (name, "q")]
        within = BitMap.intersection(self.index.all, *others)
        found, _ = self.index.search(self.filters.form.cleaned_data["q"], within)
        return within & found.positions

    def positions(self, start, stop, sort=None):
        """Positions of matches start..stop-1 in the chosen order (or in `sort`'s)."""
        index, matches = self.index, self.matches
        sort = sort or self.sort
        if sort == "relevance" and self.search is not None:
            return _kept(self.search.by_relevance, matches, start, stop)
        sort = "newest" if sort == "relevance" else sort
        if sort == "newest":
            return list(matches[start:stop]) if start < len(matches) else []
        order, rank = index.ordered(sort, timezone.localdate())
        if len(matches) * DENSE >= len(index.ids):
            return _kept(order, matches, start, stop)
        return sorted(matches, key=rank.__getitem__)[start:stop]

    def __getitem__(self, window):
        """The electives of a slice, in order: one query plus the listing's prefetches."""
        return self.rows(self.pks(window))

    def pks(self, window, sort=None):
        ids = self.index.ids
        return [ids[p] for p in self.positions(window.start, window.stop, sort)]

    def newest(self, n):
        """The n newest matches, whatever the chosen order (the feed)."""
        return self.rows(self.pks(slice(0, n), "newest"))

    def all_pks(self, sort=None):
        """Every match's id, in the chosen order (or in `sort`'s): what the CSV, the feed
        and the alerts load rows for."""
        return self.pks(slice(0, self.count()), sort)

    def countries(self):
        """The countries of the matches (ISO codes)."""
        return [code for code, bm in self.index.country.items() if bm.intersect(self.matches)]

    def __contains__(self, pk):
        position = self.index.position.get(pk)
        return position is not None and position in self.matches

    @staticmethod
    def rows(pks):
        if not pks:
            return []
        # published(): an elective unpublished since the index was built is left out.
        rows = Elective.objects.published().filter(pk__in=pks).for_listing()
        rows = rows.defer("search_vector")
        by_pk = {elective.pk: elective for elective in rows}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def facet_counts(self):
        index, counts = self.index, {}
        for name in FACETS:
            base = self.all_but(name)
            options = getattr(index, name)
            counts[name] = {
                value: n
                for value, bm in options.items()
                if value and (n := base.intersection_cardinality(bm))
            }
        return counts

    def facets(self):
        data = self.filters.form.cleaned_data
        counts = self.facet_counts()
        chosen = {
            "category": set(data.get("category") or []),
            "region": set(data.get("region") or []),
            "country": set(data.get("country") or []),
            "specialty": {s.slug for s in data.get("specialty") or []},
        }
        labels = {
            "category": dict(Category.choices),
            "region": dict(Region.choices),
            "country": {
                code: self.index.country_names.get(code) or countries.name(code)
                for code in set(counts["country"]) | chosen["country"]
            },
            "specialty": self.index.specialty_names,
        }
        options = {}
        for name, names in labels.items():
            values = [v for v in names if v in counts[name] or v in chosen[name]]
            if name == "country":
                values.sort(key=lambda code: names[code])
            options[name] = [
                {
                    "value": value,
                    "label": names[value],
                    "count": counts[name].get(value, 0),
                    "checked": value in chosen[name],
                }
                for value in values
            ]
        return options

    def languages(self):
        """Languages some published elective asks for, plus any chosen (English is assumed),
        each with the number of results ticking it (with those already ticked) would give."""
        chosen = {
            language.code for language in self.filters.form.cleaned_data.get("language") or []
        }
        index = self.index
        base = self.all_but("language")
        codes = sorted((set(index.requires) | chosen) - {"en"}, key=index.language_names.get)
        # Ticking one more language hides what needs any other language not ticked: the
        # union of the others' bitmaps, from running unions both ways (2n unions, not n^2).
        unticked = [code for code in codes if code not in chosen]
        needs = [index.requires.get(code, BitMap()) for code in unticked]
        before, after = [BitMap()], [BitMap()]
        for bitmap in needs:
            before.append(before[-1] | bitmap)
        for bitmap in reversed(needs):
            after.append(after[-1] | bitmap)
        total = len(base)
        hidden = {
            code: base.intersection_cardinality(before[i] | after[len(needs) - 1 - i])
            for i, code in enumerate(unticked)
        }
        hidden_now = base.intersection_cardinality(before[-1])  # ticking nothing more
        return [
            {
                "value": code,
                "label": index.language_names[code],
                "count": total - hidden.get(code, hidden_now),
                "checked": code in chosen,
            }
            for code in codes
        ]


_lock = threading.Lock()
_current = None


def current_index():
    """The index of the current content version: built at most once per version per process."""
    from .cache import current_version

    global _current
    version = current_version()
    index = _current
    if index is None or index.version != version:
        with _lock:
            index = _current
            if index is None or index.version != version:
                index = _current = Index(version, [s for s in ORDERINGS if s != "newest"])
    return index
