"""One selection of the directory (electives.index.Index.find): its matches as positions in
the index, their count, any page of them in any order, and the facet and language counts
beside them. Every surface (listing, JSON, CSV, feed, alerts, shortlist) reads its
electives from here; SQL only loads the rows of the ids it gives."""

from django.utils import timezone
from django_countries import countries
from pyroaring import BitMap

from .models import Category, Elective
from .regions import Region

FACETS = ("category", "region", "country", "specialty")
# Above this many matches, a page of an order is found by walking that order and keeping
# the matches (about page end x electives / matches steps); below it, by sorting the
# matches. Either way a few thousand steps at most.
DENSE = 64


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
        # What `q` found (electives.searched.Found): its understood filters and search.
        self.search = search
        self.literal = bool(filters.form.cleaned_data.get("literal"))
        # How `q` was read when its words found nothing (electives.search.Reading).
        self.reading = reading
        self.corrected = reading.corrected if reading else None

    def count_without_missing(self):
        """How many results the search without the words no elective mentions gives
        (with the other filters); None when no word is missing or none is left."""
        if not (self.reading and self.reading.missing and self.reading.without):
            return None
        within = self.all_but("q")
        found, _ = self.index.search(self.reading.without, within, self.literal)
        return within.intersection_cardinality(found.positions)

    def count_for(self, text):
        """How many results `text` as the query would give, with the other filters."""
        within = self.all_but("q")
        found, _ = self.index.search(text, within, self.literal)
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
        found, _ = self.index.search(self.filters.form.cleaned_data["q"], within, self.literal)
        return within & found.positions

    def positions(self, start, stop, sort=None):
        """Positions of matches start..stop-1 in the chosen order (or in `sort`'s)."""
        sort = sort or self.sort
        if sort == "relevance" and self.search is not None:
            return self._by_relevance(start, stop)
        sort = "newest" if sort == "relevance" else sort
        return self._ordered(sort, self.matches, start, stop)

    def _by_relevance(self, start, stop):
        """The ranked matches first; then, when the query was understood as filters alone,
        the matches none of its words names, as ties are ordered (the deadline sort)."""
        searched, matches = self.search.searched, self.matches
        if searched is None:
            return self._ordered("deadline", matches, start, stop)
        ranked = matches & searched.positions
        order = searched.by_relevance(self.index, timezone.localdate())
        head = _kept(order, ranked, start, stop)
        if searched.constrains or stop <= len(ranked):
            return head
        rest, skipped = matches - searched.positions, len(ranked)
        return head + self._ordered("deadline", rest, max(0, start - skipped), stop - skipped)

    def _ordered(self, sort, matches, start, stop):
        index, today = self.index, timezone.localdate()
        order = index.ordered(sort, today)
        if len(matches) * DENSE >= len(order):
            return _kept(order, matches, start, stop)
        return sorted(matches, key=index.key(sort, today))[start:stop]

    def __getitem__(self, window):
        """The electives of a slice, in order: one query plus the listing's prefetches."""
        return self.rows(self.pks(window))

    def pks(self, window, sort=None):
        return [row.pk for row in self.entries(window, sort)]

    def entries(self, window, sort=None):
        """The index's Rows of a slice of the matches, in order."""
        rows = self.index.rows
        return [rows[p] for p in self.positions(window.start, window.stop, sort)]

    def newest(self, n):
        """The n newest matches, whatever the chosen order (the feed)."""
        return self.rows(self.pks(slice(0, n), "newest"))

    def all_pks(self, sort=None):
        """Every match's id, in the chosen order (or in `sort`'s): what the CSV, the feed
        and the alerts load rows for."""
        return self.pks(slice(0, self.count()), sort)

    def countries(self):
        """The countries of the matches (ISO codes)."""
        return [
            code for code, bm in self.index.tables["country"].items() if bm.intersect(self.matches)
        ]

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
            options = index.tables[name]
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
        codes = sorted(
            (set(index.tables["requires"]) | chosen) - {"en"}, key=index.language_names.get
        )
        # Ticking one more language hides what needs any other language not ticked: the
        # union of the others' bitmaps, from running unions both ways (2n unions, not n^2).
        unticked = [code for code in codes if code not in chosen]
        needs = [index.tables["requires"].get(code, BitMap()) for code in unticked]
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
