"""A query's matches in the directory's index (electives.index): the filters its words
were understood as, and the search of the other words, ranked; kept per index and text."""

from array import array

from pyroaring import BitMap

from .models import Elective
from .search import parse, search_ranks


class Found:
    """A query's matches: the filters its words were understood as (electives.query), each
    selecting as that filter does (`any_of`), and the search of its other words (a
    Searched, or None when every word was understood)."""

    def __init__(self, index, understood, searched):
        self.understood, self.searched = understood, searched
        positions = index.all
        for kind, values in understood.values().items():
            positions = positions & index.any_of(kind, values)
        if searched is not None and searched.constrains:
            positions = positions & searched.positions
        self.positions = positions


class Searched:
    """One search's matches as positions, with their ranks, of the index version
    `sequence`. `constrains`: whether the text selects (it has words to search), or only
    ranks the electives its preferred words name (a query understood as filters)."""

    def __init__(self, index, ranks, constrains=True):
        self.sequence = index.sequence
        self.ranks = ranks  # {position: rank}
        self.positions = BitMap(ranks)
        self.constrains = constrains
        self._order = (None, None)

    def by_relevance(self, index, today):
        """The positions by rank, ties as the deadline sort has them (open first, soonest
        deadline first: electives.orderings); sorted once a day."""
        if self._order[0] != today:
            ranks, key = self.ranks, index.key("deadline", today)
            order = array("l", sorted(ranks, key=lambda p: (-ranks[p], key(p))))
            self._order = (today, order)
        return self._order[1]

    @classmethod
    def ranked(cls, index, text, prefer=(), electives=None):
        """The search run in the database (on `electives`: all published by default)."""
        if electives is None:
            electives = Elective.objects.published()
        ranks = search_ranks(electives, text, prefer)
        # Ranks of electives the index does not hold (published since) are not matches.
        position = index.position
        ranks = {position[pk]: rank for pk, rank in ranks.items() if pk in position}
        # Preferred words alone rank without selecting; text without a word to search
        # and nothing preferred (`the`, `&|!`) finds nothing, as PostgreSQL's does.
        return cls(index, ranks, constrains=bool(parse(text)) or not prefer)

    @classmethod
    def caught_up(cls, kept, index, text, prefer=()):
        """A search kept from an earlier version, brought up to this index by searching
        only the electives changed since (or all of them, if the index does not know)."""
        changed = index.changed_since(kept.sequence)
        if changed is None:
            return cls.ranked(index, text, prefer)
        pks = [index.rows[p].pk for p in changed if p in index.all]
        ranks = {p: rank for p, rank in kept.ranks.items() if p not in changed}
        if pks:
            changed_electives = Elective.objects.published().filter(pk__in=pks)
            again = cls.ranked(index, text, prefer, changed_electives)
            ranks.update(again.ranks)
        return cls(index, ranks, kept.constrains)
