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
import operator
import re
from functools import reduce

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


def searched(electives, text):
    """({pk: rank} of the matches, the corrected text or None).

    When the words find nothing and some can be corrected, the correction's matches (each
    corrected word finds something, though together they may not). One query when the
    words find something.
    """
    ranks = dict(search(electives, text).values_list("pk", "rank"))
    corrected = None if ranks else correction(electives, text)
    if corrected:
        ranks = dict(search(electives, corrected).values_list("pk", "rank"))
    return ranks, corrected


def forgiving_search(electives, text):
    """search(), or the search for the correction when the words find nothing: the CSV,
    the feed and alerts find what the page shows (searched())."""
    if not search(electives, text).exists():
        text = correction(electives, text) or text
    return search(electives, text)


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


def correction(electives, text):
    """For a text that finds none of these electives: the text with each word that finds
    none replaced by the nearest word the directory knows that does (`malria` -> `malaria`);
    None if no word changes.

    Text with a double quote is taken as typed: the page's "search instead for" link
    quotes the original words.
    """
    if '"' in text:
        return None
    corrected = text
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"[^\W\d_]+", text)))
    for word in words:
        if len(word) < MIN_WORD or word in ("and", "or"):
            continue
        # Callers ask when the text finds nothing: a lone word needs no second look.
        if len(words) > 1 and search(electives, word).exists():
            continue
        candidates = _nearest_words(electives, word)
        nearest = next((known for known in candidates if search(electives, known).exists()), None)
        if nearest:
            corrected = re.sub(rf"\b{re.escape(word)}\b", nearest, corrected, flags=re.IGNORECASE)
    return corrected if corrected != text else None


def verbatim(text, corrected):
    """text with the words its correction replaced in double quotes: the search for exactly
    what was typed (correction() leaves quoted text alone)."""
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
