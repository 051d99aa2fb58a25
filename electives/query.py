"""Understanding a physician's query: words that name a specialty (or one of its aliases,
or a subspecialty), a country, a region or a category act as that filter, and only the
remaining words are searched as text.

`internal medicine kenya` is the filters Internal Medicine and Kenya: electives open to
every specialty are included, exactly as the filters include them (electives.index:
`any_of`), and those naming internal medicine rank first. `cardiology` is Internal
Medicine, those mentioning cardiology first (data/subspecialties.csv). Several words of
one kind widen as a repeated filter does (`kenya uganda`: either country); different
kinds narrow. Quoted or excluded words (`"kenya"`, `-kenya`) are left to the text search,
and so is the whole query with `literal=1` ("search in text instead").

Pure Python, without the database: the same on PostgreSQL and SQLite.
"""

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from django_countries import countries

from .models import Category
from .models.fields import HOST_COUNTRIES
from .regions import Region
from .search import WORD, Clause, stop_words

KIND_LABELS = {
    "specialty": "Specialty",
    "country": "Country",
    "region": "Region",
    "category": "Category",
}
# Names residents give regions, beside the World Bank's own (Region's labels).
REGION_NAMES = {
    "africa": [Region.SUB_SAHARAN_AFRICA, Region.MIDDLE_EAST_NORTH_AFRICA],
    "sub saharan africa": [Region.SUB_SAHARAN_AFRICA],
    "subsaharan africa": [Region.SUB_SAHARAN_AFRICA],
    "east africa": [Region.SUB_SAHARAN_AFRICA],
    "west africa": [Region.SUB_SAHARAN_AFRICA],
    "southern africa": [Region.SUB_SAHARAN_AFRICA],
    "asia": [Region.EAST_ASIA_PACIFIC, Region.SOUTH_ASIA],
    "east asia": [Region.EAST_ASIA_PACIFIC],
    "southeast asia": [Region.EAST_ASIA_PACIFIC],
    "south east asia": [Region.EAST_ASIA_PACIFIC],
    "pacific": [Region.EAST_ASIA_PACIFIC],
    "oceania": [Region.EAST_ASIA_PACIFIC],
    "europe": [Region.EUROPE_CENTRAL_ASIA],
    "central asia": [Region.EUROPE_CENTRAL_ASIA],
    "latin america": [Region.LATIN_AMERICA_CARIBBEAN],
    "latin america and the caribbean": [Region.LATIN_AMERICA_CARIBBEAN],
    "caribbean": [Region.LATIN_AMERICA_CARIBBEAN],
    "central america": [Region.LATIN_AMERICA_CARIBBEAN],
    "south america": [Region.LATIN_AMERICA_CARIBBEAN],
    "middle east": [Region.MIDDLE_EAST_NORTH_AFRICA],
    "north africa": [Region.MIDDLE_EAST_NORTH_AFRICA],
}
# Names residents give countries, beside their common English names.
COUNTRY_NAMES = {
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of congo": "CD",
    "ivory coast": "CI",
    "burma": "MM",
    "swaziland": "SZ",
    "turkey": "TR",
    "cape verde": "CV",
    "east timor": "TL",
    "czech republic": "CZ",
    "macedonia": "MK",
    "korea": "KR",
    "the gambia": "GM",
    "the bahamas": "BS",
}
CATEGORY_NAMES = {
    Category.CLINICAL: ["clinical", "clinical elective", "clinical electives"],
    Category.COMMUNITY_HEALTH: ["community health", "community health elective"],
    Category.RESEARCH: ["research", "research project", "research projects"],
}
# Words that say nothing once the rest is understood ("pediatrics electives in peru").
FILLER = frozenset(
    "elective electives rotation rotations abroad placement placements program programs "
    "programme programmes opportunity opportunities".split()
)
TOKEN = re.compile(r"[^\W_]+")
# Quoted phrases and -excluded words: left to the text search.
PROTECTED = re.compile(r'"[^"]*"?|(?<!\S)-\S+')


def normal(text):
    """Lower case without accents: `Perú` is `peru`, `Côte d'Ivoire` `cote d ivoire`."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text):
    return tuple(TOKEN.findall(normal(text)))


@dataclass(frozen=True)
class Meaning:
    """What a phrase of the vocabulary means: a filter's values, and, for a subspecialty,
    its name."""

    kind: str
    values: tuple
    label: str
    part: str = ""


@dataclass(frozen=True)
class Term:
    """An understood phrase of the query: its meaning and where it was typed."""

    meaning: Meaning
    typed: str
    span: tuple

    kind = property(lambda self: self.meaning.kind)
    values = property(lambda self: self.meaning.values)
    label = property(lambda self: self.meaning.label)

    @property
    def chip(self):
        return f"{KIND_LABELS[self.kind]}: {self.label}"

    @property
    def note(self):
        """What the page says of a subspecialty, or None."""
        part = self.meaning.part
        if not part:
            return None
        return (
            f"{part[0].upper()}{part[1:]} is part of {self.label}: showing {self.label} "
            f"electives that mention {part} first."
        )

    def prefer(self):
        """Clauses that rank electives naming this specialty first (without requiring
        them): a subspecialty's own words, then the words typed or the specialty's name.
        A place or a category ranks nothing: every elective its filter selects names it
        among its place and category words alike, and ranking them all doubled
        PostgreSQL's time for the judged queries (bench/README.md)."""
        if self.kind != "specialty":
            return ()
        if self.meaning.part:
            groups = [[self.meaning.part], [self.label]]
        else:
            groups = [[self.typed, self.label]]
        clauses = [tuple(p for p in dict.fromkeys(map(_phrase, g)) if p) for g in groups]
        return tuple(Clause(phrases) for phrases in clauses if phrases)


def _phrase(text):
    """The words of a phrase as search reads them (electives.search.parse); none when
    they are all stop words, which match nothing."""
    words = tuple(WORD.findall(text.lower()))
    return () if all(w in stop_words() for w in words) else words


@dataclass(frozen=True)
class Understood:
    """A query read as filters (`terms`) and the words left to search as text (`rest`)."""

    text: str
    terms: tuple = ()
    rest: str = field(default="")

    @classmethod
    def literal(cls, text):
        return cls(text, (), text)

    def values(self):
        """{kind: filter values}: one kind's values widen, kinds narrow."""
        by_kind = {}
        for term in self.terms:
            by_kind.setdefault(term.kind, [])
            by_kind[term.kind].extend(v for v in term.values if v not in by_kind[term.kind])
        return by_kind

    def prefer(self):
        return tuple(clause for term in self.terms for clause in term.prefer())

    def fixed_words(self):
        """The words understood as filters (corrections leave them alone)."""
        return frozenset(w for term in self.terms for w in words_of(term.typed))

    def without(self, term):
        """The query as typed without one understood term."""
        start, end = term.span
        return " ".join((self.text[:start] + " " + self.text[end:]).split())

    def notes(self):
        return [note for term in self.terms if (note := term.note)]


def understand(text, specialties):
    """The Understood reading of a query; `specialties`: (slug, name, aliases) of each."""
    vocabulary = _vocabulary(tuple(specialties))
    longest = max(len(phrase) for phrase in vocabulary)
    protected = [m.span() for m in PROTECTED.finditer(text)]
    tokens = [
        (normal(m[0]), m.span())
        for m in TOKEN.finditer(text)
        if not any(start <= m.start() < end for start, end in protected)
    ]
    terms, i = [], 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            run = tokens[i : i + n]
            # Only words next to each other make a phrase (nothing protected between them).
            if n > 1 and _interrupted(text, run):
                continue
            meaning = vocabulary.get(tuple(word for word, _ in run))
            if meaning:
                span = (run[0][1][0], run[-1][1][1])
                terms.append(Term(meaning, text[span[0] : span[1]], span))
                i += n
                break
        else:
            i += 1
    if not terms:
        return Understood(text, (), text)
    rest = text
    for term in reversed(terms):
        start, end = term.span
        rest = rest[:start] + " " + rest[end:]
    # Filler and stop words left alone say nothing ("pediatrics electives in peru"); a
    # quoted phrase keeps all its words.
    ignored = frozenset() if '"' in rest else FILLER | stop_words()
    rest = " ".join(word for word in rest.split() if normal(word).strip(".,;:") not in ignored)
    return Understood(text, tuple(terms), rest)


def _interrupted(text, run):
    between = text[run[0][1][1] : run[-1][1][0]]
    return '"' in between or re.search(r"\s-", between) is not None


@functools.lru_cache(maxsize=8)
def _vocabulary(specialties):
    """{phrase (a tuple of words): Meaning}: categories, regions, countries, then
    subspecialties and specialties with their aliases (a later kind wins a shared phrase;
    a phrase two values of one kind share means either)."""
    vocabulary = {}

    def add(name, meaning):
        phrase = words_of(name)
        if not phrase:
            return
        known = vocabulary.get(phrase)
        if known and known.kind == meaning.kind and not meaning.part:
            values = tuple(dict.fromkeys(known.values + meaning.values))
            label = " or ".join(dict.fromkeys([known.label, meaning.label]))
            meaning = replace(known, values=values, label=label)
        vocabulary[phrase] = meaning

    for value, names in CATEGORY_NAMES.items():
        for name in names:
            add(name, Meaning("category", (value,), Category(value).label))
    for region in Region:
        add(region.label.replace("&", "and"), Meaning("region", (region.value,), region.label))
    for name, regions in REGION_NAMES.items():
        labels = " or ".join(Region(r).label for r in regions)
        add(name, Meaning("region", tuple(r.value for r in regions), labels))
    names = dict(countries)
    for code in HOST_COUNTRIES:
        add(names[code], Meaning("country", (code,), names[code]))
    for name, code in COUNTRY_NAMES.items():
        add(name, Meaning("country", (code,), names[code]))
    by_slug = {slug: name for slug, name, _ in specialties}
    for part, slug in _subspecialties():
        if slug in by_slug:
            add(part, Meaning("specialty", (slug,), by_slug[slug], part=part))
    for slug, name, aliases in specialties:
        for one in [name, *aliases.split(",")]:
            add(one, Meaning("specialty", (slug,), name))
    return vocabulary


@functools.cache
def _subspecialties():
    """(subspecialty, specialty slug) of data/subspecialties.csv."""
    path = Path(__file__).parent / "data" / "subspecialties.csv"
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    return [(row["subspecialty"], row["specialty"]) for row in csv.DictReader(lines)]
