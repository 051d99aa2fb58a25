"""Full-text search over electives, the same to callers on PostgreSQL and SQLite.

The words of an elective: its title and its specialties' names and aliases; its summary;
its description; its sponsor, city, country, region and category.

PostgreSQL: a stored, weighted tsvector of those words, in that order of weight (A to D),
with a GIN index, queried with websearch_to_tsquery and ranked by where the words match
(RANK_WEIGHTS): "surgery nepal" puts a surgery elective in Nepal above one in Nepal whose
sponsor's name says surgery. The words themselves, unstemmed, also go into a table of
the directory's words (SEARCH_WORDS, trigram-indexed) from which `correction` picks the
nearest to a word that finds nothing. SQLite: every word must appear in one of the same
fields, and corrections come from difflib over the published electives' words.
"""

import difflib
import functools
import operator
import re
from dataclasses import dataclass
from functools import reduce
from pathlib import Path

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django_countries import countries

from .regions import Region, countries_in, region_of

CONFIG = "english"
MAX_QUERY_LENGTH = 200
# The directory's words for corrections (PostgreSQL; migration 0010 creates it). Words are
# added as electives are indexed and never removed, so a candidate is only offered once a
# search for it finds a published elective. Measured at 100,000 electives (busy 2-core
# machine): the nearest words from this table in 0.5-2.3 ms; from ts_stat over the stored
# vectors, 1.6 s. Noting the words costs about 4 s per 100,000 electives indexed.
SEARCH_WORDS = "electives_search_word"
# Words shorter than this are neither corrected nor offered as corrections.
MIN_WORD = 3
CANDIDATES = 5
# ts_rank's weights for D, C, B, A (PostgreSQL's defaults are 0.1, 0.2, 0.4, 1): a word in
# the sponsor's name or the place counts for a twentieth of the same word in the title.
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]


def uses_postgres():
    return connection.vendor == "postgresql"


def _words_by_weight(electives):
    """The expressions of an elective's words, by tsvector weight."""
    from .models import Category, Elective, Organization

    codes = set(electives.values_list("country", flat=True).distinct())

    def by_country(label):
        return Case(
            *[When(country=code, then=Value(label(code) or "")) for code in codes],
            default=Value(""),
            output_field=TextField(),
        )

    sponsor = Subquery(
        Organization.objects.filter(pk=OuterRef("organization_id")).values("name")[:1]
    )
    through = Elective.specialties.through.objects.filter(elective_id=OuterRef("pk"))
    specialties = Subquery(
        through.order_by()
        .values("elective_id")
        .annotate(
            text=StringAgg(
                Concat("specialty__name", Value(" "), "specialty__aliases"), delimiter=" "
            )
        )
        .values("text")[:1],
        output_field=TextField(),
    )
    category = Case(
        *[When(category=value, then=Value(label)) for value, label in Category.choices],
        default=Value(""),
        output_field=TextField(),
    )
    return {
        "A": [F("title"), specialties],
        "B": [F("summary")],
        "C": [F("description")],
        "D": [
            sponsor,
            F("city"),
            by_country(countries.name),
            by_country(lambda code: Region(region_of(code)).label if region_of(code) else ""),
            category,
        ],
    }


def update_search_vectors(electives):
    """Recompute the stored vectors of these electives, and note their words: two
    statements, whatever their number."""
    if not uses_postgres():
        return
    pieces = _words_by_weight(electives)
    vector = None
    for weight, expressions in pieces.items():
        part = SearchVector(*expressions, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    electives.order_by().update(search_vector=vector)

    every_piece = [expression for expressions in pieces.values() for expression in expressions]
    words = Func(
        Func(
            SearchVector(*every_piece, config="simple"),
            function="tsvector_to_array",
            output_field=ArrayField(TextField()),
        ),
        function="unnest",
        output_field=TextField(),
    )
    found = electives.order_by().annotate(word=words).values_list("word", flat=True).distinct()
    try:
        sql, params = found.query.sql_with_params()
    except EmptyResultSet:  # `pk__in=[]`: no elective to take words from
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SEARCH_WORDS} (word) SELECT word FROM ({sql}) AS found (word) "
            f"WHERE length(word) >= {MIN_WORD} AND word ~ '^[[:alpha:]]+$' "
            "ON CONFLICT DO NOTHING",
            params,
        )


def search(electives, text):
    """Electives matching text, annotated with a `rank` (higher is better)."""
    if uses_postgres():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        return electives.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), _any_word(text) or query, weights=RANK_WEIGHTS)
        )
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in ("or", "and")]
    if not words:
        return electives.none().annotate(rank=Value(0, output_field=IntegerField()))
    for word in words:
        electives = electives.filter(_sqlite_match(word))
    # The same order of fields as RANK_WEIGHTS.
    hits = [
        Case(When(where, then=Value(points)), default=Value(0))
        for word in words
        for where, points in (
            (Q(title__icontains=word) | Exists(_sqlite_specialties(word)), 20),
            (Q(summary__icontains=word), 8),
            (Q(description__icontains=word), 4),
        )
    ]
    return electives.annotate(rank=Coalesce(sum(hits, Value(1)), 1, output_field=IntegerField()))


def _any_word(text):
    """The text's words (not those it excludes with `-`) joined by OR, for ranking: ts_rank
    weighs an OR query's words by where they match, but an AND query's by how close
    together they stand (a sponsor "...of Global Surgery" in Nepal would top "surgery
    nepal"). None when the text has no such word."""
    words = [
        word
        for word in re.findall(r"(?<![\w-])\w+", re.sub(r"(?<![\w])-\S+", " ", text))
        if word.lower() not in ("or", "and")
    ]
    queries = [SearchQuery(word, config=CONFIG) for word in dict.fromkeys(words)]
    return reduce(operator.or_, queries) if queries else None


def search_ranks(electives, text):
    """{pk: rank} of the electives text finds."""
    return dict(search(electives, text).values_list("pk", "rank"))


def _sqlite_specialties(word, outer=True):
    """Specialty listings naming the word: those of the outer elective, or (outer=False)
    of any elective."""
    from .models import Elective

    listing = Elective.specialties.through.objects.filter(
        Q(specialty__name__icontains=word) | Q(specialty__aliases__icontains=word)
    )
    return listing.filter(elective_id=OuterRef("pk")) if outer else listing


def _sqlite_match(word):
    from .models import Category

    country_codes = [code for code, name in countries if word in name.lower()]
    regions = [value for value, label in Region.choices if word in label.lower()]
    categories = [value for value, label in Category.choices if word in label.lower()]
    listing = _sqlite_specialties(word, outer=False)
    return (
        Q(title__icontains=word)
        | Q(summary__icontains=word)
        | Q(description__icontains=word)
        | Q(organization__name__icontains=word)
        | Q(city__icontains=word)
        | Q(country__in=country_codes + countries_in(regions))
        | Q(category__in=categories)
        | Q(pk__in=listing.values("elective_id"))
    )


@dataclass(frozen=True)
class Reading:
    """How a text that finds nothing is read. `corrected`: the text with misspelt words
    replaced by the nearest words the directory knows, or None; `missing`: the words no
    elective mentions that were left as typed (a medical word is never swapped for another:
    cardiology is not radiology); `without`: the text without those words."""

    text: str
    corrected: str | None = None
    missing: tuple = ()

    @property
    def without(self):
        return _dropped(self.corrected or self.text, self.missing)


def _dropped(text, words):
    """text without these words (and the spaces they leave)."""
    for word in words:
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def _replaced(text, word, by):
    return re.sub(rf"\b{re.escape(word)}\b", by, text, flags=re.IGNORECASE)


def reading(directory, text, finds):
    """The Reading of a text that finds nothing: each word that finds none of the
    directory's electives (`directory`) is replaced by the nearest word the directory knows,
    if the text then finds something (`finds(text)`: with the other words and filters);
    otherwise it is missing. `malria malawi` -> `malaria malawi`; `cardiology peru` stays,
    with cardiology missing.

    Text with a double quote is taken as typed: the page's "search instead for" link
    quotes the original words.
    """
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"[^\W\d_]+", text)))
    words = [w for w in words if len(w) >= MIN_WORD and w not in ("and", "or")]
    unknown = [w for w in _searchable(words) if not search(directory, w).exists()]
    corrected, missing = text, []
    for n, word in enumerate(unknown):
        nearest = None
        if '"' not in text:
            candidates = [
                known for known in _nearest_words(directory, word) if known not in unknown
            ]
            if not _means_medical(word, candidates):
                # Words not yet read are left out: each correction must find something.
                rest = [*missing, *unknown[n + 1 :]]
                nearest = next(
                    (
                        known
                        for known in candidates
                        if search(directory, known).exists()
                        and finds(_dropped(_replaced(corrected, word, known), rest))
                    ),
                    None,
                )
        if nearest:
            corrected = _replaced(corrected, word, nearest)
        else:
            missing.append(word)
    return Reading(text, corrected if corrected != text else None, tuple(missing))


def _searchable(words):
    """The words full-text search does not ignore (PostgreSQL drops stop words such as
    `the`: they find nothing, yet nothing is missing)."""
    if not words or not uses_postgres():
        return words
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) AS word "
            f"WHERE numnode(plainto_tsquery('{CONFIG}', word)) > 0",
            [words],
        )
        kept = {row[0] for row in cursor.fetchall()}
    return [word for word in words if word in kept]


@functools.cache
def medical_words():
    """Our shipped vocabulary of medical words and specialties (data/medical_words.txt)."""
    lines = (Path(__file__).parent / "data" / "medical_words.txt").read_text().splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and line[0] != "#")


def _means_medical(word, candidates):
    """A medical word, or closer to one than to any of the directory's candidates
    (`cardiolgy` means cardiology, not radiology; `malria` is the directory's malaria)."""
    vocabulary = medical_words()
    if word in vocabulary or word.rstrip("s") in vocabulary:
        return True
    close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.8)
    if not close:
        return False

    def similarity(other):
        return difflib.SequenceMatcher(None, word, other).ratio()

    return all(similarity(known) < similarity(close[0]) for known in candidates)


def verbatim(text, corrected):
    """text with the words its correction replaced in double quotes: the search for exactly
    what was typed (reading() leaves quoted text uncorrected)."""
    kept = set(re.findall(r"[^\W\d_]+", corrected.lower()))
    return re.sub(r"[^\W\d_]+", lambda m: m[0] if m[0].lower() in kept else f'"{m[0]}"', text)


def _nearest_words(electives, word):
    if uses_postgres():
        # The trigram index answers `%` (similarity above pg_trgm's threshold, 0.3).
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM {SEARCH_WORDS} WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                [word, word, CANDIDATES],
            )
            return [row[0] for row in cursor.fetchall()]
    return difflib.get_close_matches(word, _sqlite_words(electives), n=CANDIDATES, cutoff=0.75)


def _sqlite_words(electives):
    """Every word of these electives' searchable fields (SQLite: local runs, small data)."""
    from .models import Category, Specialty

    texts = [
        *(
            value
            for row in electives.values_list(
                "title", "summary", "description", "city", "organization__name"
            )
            for value in row
        ),
        *Specialty.objects.values_list("name", flat=True),
        *Specialty.objects.values_list("aliases", flat=True),
        *(label for _, label in Region.choices),
        *(label for _, label in Category.choices),
        *(countries.name(code) for code in set(electives.values_list("country", flat=True))),
    ]
    words = set(re.findall(r"[^\W\d_]+", " ".join(texts).lower()))
    return sorted(word for word in words if len(word) >= MIN_WORD)
