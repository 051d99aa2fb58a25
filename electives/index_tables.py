"""The kinds of table the directory's index is made of (electives.index.TABLES declares
its tables). Each kind derives from its declaration both a full build over every row and
an update that takes some positions out by their old rows and puts some in by their new
ones; an update copies what it changes and leaves the old table whole, for the requests
still reading the index it belongs to."""

import bisect
from collections import defaultdict
from typing import NamedTuple

from pyroaring import BitMap


class Table:
    """{key: bitmap of the positions of the rows having that key}. `keys(index, row)` gives a
    row's keys; `every(index)`, the keys kept even when no row has them (a filter may ask
    for any of them). The build and the update are both derived from `keys`."""

    def __init__(self, name, keys, every=None):
        self.name, self.keys, self.every = name, keys, every

    def build(self, index, rows):
        groups = defaultdict(list)
        for p, row in enumerate(rows):
            for key in self.keys(index, row):
                groups[key].append(p)
        table = {key: BitMap(positions) for key, positions in groups.items()}
        for key in self.every(index) if self.every else ():
            table.setdefault(key, BitMap())
        return table

    def updated(self, table, old, new, leaving, joining):
        """A copy of `table` (of the index `old`) with the leaving positions taken out of the
        keys of their rows in `old` and the joining put under the keys of their rows in
        `new`. The bitmaps it changes are new ones: the old table, which other requests may
        be reading, is left as it was."""
        removed, added = defaultdict(list), defaultdict(list)
        for p in leaving:
            for key in self.keys(old, old.rows[p]):
                removed[key].append(p)
        for p in joining:
            for key in self.keys(new, new.rows[p]):
                added[key].append(p)
        table = dict(table)
        kept = set(self.every(new)) if self.every else set()
        for key, positions in removed.items():
            bitmap = table[key] - BitMap(positions)
            if bitmap or key in kept:
                table[key] = bitmap
            else:
                del table[key]
        for key, positions in added.items():
            table[key] = table.get(key, BitMap()) | BitMap(positions)
        return table


class Threshold(Table):
    """A Table of thresholds over `order`: a row whose value (`value(index, row)`) is a key
    stands under that key and every key after it (advisory_max=2 keeps levels 0, 1 and 2).
    Built as running unions: one pass over the rows, one union per key."""

    def __init__(self, name, value, order):
        self.value, self.order = value, tuple(order)
        self.place = {key: i for i, key in enumerate(self.order)}
        super().__init__(name, self._keys, every=lambda index: self.order)

    def _keys(self, index, row):
        place = self.place.get(self.value(index, row))
        return () if place is None else self.order[place:]

    def build(self, index, rows):
        groups = defaultdict(list)
        for p, row in enumerate(rows):
            groups[self.value(index, row)].append(p)
        table, running = {}, BitMap()
        for key in self.order:
            running |= BitMap(groups.get(key, ()))
            table[key] = BitMap(running)
        return table


class Ranked(NamedTuple):
    """Positions in the order of their values, for ranges."""

    values: list
    positions: list

    def at_most(self, value):
        return BitMap(self.positions[: bisect.bisect_right(self.values, value)])

    def at_least(self, value):
        return BitMap(self.positions[bisect.bisect_left(self.values, value) :])


class Sorted:
    """The rows that have a value (`value(index, row)`, None for none) as a Ranked list."""

    def __init__(self, name, value):
        self.name, self.value = name, value

    def _pairs(self, index, positions):
        value, rows = self.value, index.rows
        return [(v, p) for p in positions if (v := value(index, rows[p])) is not None]

    def build(self, index, rows):
        pairs = sorted(self._pairs(index, range(len(rows))))
        return Ranked([v for v, _ in pairs], [p for _, p in pairs])

    def updated(self, ranked, old, new, leaving, joining):
        """A copy with the leaving positions (found by their old values) taken out and the
        joining put in."""
        values, positions = list(ranked.values), list(ranked.positions)
        for value, p in self._pairs(old, leaving):
            i = bisect.bisect_left(values, value)
            while positions[i] != p:
                i += 1
            del values[i], positions[i]
        for value, p in self._pairs(new, joining):
            i = bisect.bisect_right(values, value)
            values.insert(i, value)
            positions.insert(i, p)
        return Ranked(values, positions)


class Order:
    """Every position, in the order of a sort's key of its row (electives.orderings)."""

    def __init__(self, key):
        self.key = key

    def build(self, rows, positions):
        key = self.key
        return sorted(positions, key=lambda p: key(rows[p]))

    def updated(self, order, old_rows, rows, leaving, joining):
        """A copy with the leaving positions taken out (found by their old rows) and the
        joining ones put in by their new rows."""
        key, order = self.key, list(order)
        for p in leaving:
            del order[bisect.bisect_left(order, key(old_rows[p]), key=lambda q: key(old_rows[q]))]
        for p in joining:
            bisect.insort(order, p, key=lambda q: key(rows[q]))
        return order
