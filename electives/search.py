"""Full-text search over electives: the same words match, and rank the same way, on
PostgreSQL and SQLite.

The words of an elective, by weight: (A) its title and its specialties' names and aliases;
(B) its summary; (C) its description; (D) its sponsor, city, country, region and category.

PostgreSQL: a stored, weighted tsvector of those words (A to D) with a GIN index. SQLite:
an FTS5 table (SEARCH_TABLE, migration 0017) with one column per weight, porter stemming.
`update_search_vectors` keeps either in step, in the transaction of the write that
changed the elective. Both read a query alike (`parse`: words, "phrases", -exclusions and
`or`, PostgreSQL's English stop words dropped) and both rank alike (`POINTS`): each word
of the query scores by the heaviest place it matches in, so a title or specialty match
ranks above any number of matches elsewhere, every time. Ties are ordered by the caller
(electives.index.Searched: open first, soonest deadline). The score is a whole number,
not ts_rank or bm25: those weigh word frequencies and lengths differently on each
database, and a tie rule needs ties.

The words themselves, unstemmed, also go into a table of the directory's words
(SEARCH_WORDS, trigram-indexed, PostgreSQL) from which `correction` picks the nearest to a
word that finds nothing; on SQLite difflib picks them from the published electives' words.
"""

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
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
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django_countries import countries

from .regions import Region, region_of

CONFIG = "english"
MAX_QUERY_LENGTH = 200
# SQLite's full-text table: rowid is the elective's id, one column per weight.
SEARCH_TABLE = "electives_search"
COLUMNS = {"A": "heading", "B": "summary", "C": "description", "D": "context"}
# What a query word scores by the heaviest place it matches in: a hundred matches in the
# summary never outweigh one in the title.
POINTS = {"A": 1_000_000, "B": 10_000, "C": 100, "D": 1}
# The directory's words for corrections (PostgreSQL; migration 0010 creates it). Words are
# added as electives are indexed and never removed, so a candidate is only offered once a
# search for it finds a published elective. Measured at 100,000 electives (busy 2-core
# machine): the nearest words from this table in 0.5-2.3 ms; from ts_stat over the stored
# vectors, 1.6 s. Noting the words costs about 4 s per 100,000 electives indexed.
SEARCH_WORDS = "electives_search_word"
# Words shorter than this are neither corrected nor offered as corrections.
MIN_WORD = 3
CANDIDATES = 5
WORD = re.compile(r"[^\W_]+")


def uses_postgres():
    return connection.vendor == "postgresql"


@functools.cache
def stop_words():
    """PostgreSQL's English stop words (data/english_stop_words.txt): never searched."""
    lines = (Path(__file__).parent / "data" / "english_stop_words.txt").read_text().splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and line[0] != "#")


# --- Reading a query ---


@dataclass(frozen=True)
class Clause:
    """One condition of a query: any of its phrases (each a tuple of words) matches;
    `negated`: none of them may."""

    phrases: tuple
    negated: bool = False


QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def parse(text):
    """The clauses of a query in PostgreSQL's websearch syntax: words and "quoted
    phrases" must all match, `-word` must not, `a or b` needs either. A word written with
    punctuation (`ob/gyn`, `covid-19`) is the phrase of its parts. Stop words match
    nothing alone; inside a phrase they keep their place ("obstetrics and gynecology")."""
    clauses, either = [], False
    for match in QUERY_TOKEN.finditer(text):
        quoted = match[2] is not None
        negated = (match[1] if quoted else match[3]) == "-"
        raw = match[2] if quoted else match[4]
        if not quoted and not negated and raw.lower() == "or":
            either = bool(clauses)
            continue
        words = tuple(WORD.findall(raw.lower()))
        if all(w in stop_words() for w in words):
            continue
        last = clauses[-1] if clauses else None
        if either and last and not negated and not last.negated:
            clauses[-1] = Clause((*last.phrases, words))
        else:
            clauses.append(Clause((words,), negated))
        either = False
    return tuple(clauses)


def _tsquery(clauses, weight=""):
    """The clauses as to_tsquery text (words are letters and digits only: no quoting),
    each word limited to a weight when one is given."""
    label = f":{weight}" if weight else ""

    def phrase(words):
        # A stop word has a position but no lexeme: the words around it stand two apart.
        text, gap = "", 0
        for word in words:
            if word in stop_words():
                gap += bool(text)
                continue
            text += (f" <{gap + 1}> " if text else "") + word + label
            gap = 0
        return text

    def clause(c):
        either = " | ".join(phrase(p) for p in c.phrases)
        return f"!({either})" if c.negated else f"({either})"

    return " & ".join(clause(c) for c in clauses)


def _fts(clause, weights=None):
    """One clause (not negated) as an FTS5 query, in the columns of some weights or any."""
    either = " OR ".join('"' + " ".join(phrase) + '"' for phrase in clause.phrases)
    if not weights:
        return f"({either})"
    return "{" + " ".join(COLUMNS[w] for w in weights) + "} : (" + either + ")"


def _fts_ids(query):
    return RawSQL(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH %s", [query])


def _matching(clauses):
    """A Q for the electives matching every clause."""
    if uses_postgres():
        return Q(search_vector=SearchQuery(_tsquery(clauses), search_type="raw", config=CONFIG))
    condition = Q()
    positive = [c for c in clauses if not c.negated]
    if positive:
        condition &= Q(pk__in=_fts_ids(" AND ".join(_fts(c) for c in positive)))
    for clause in clauses:
        if clause.negated:
            condition &= ~Q(pk__in=_fts_ids(_fts(Clause(clause.phrases))))
    return condition


def _matching_in(clause, weights):
    """A Q for the electives matching a clause in the words of some weights ("AB")."""
    if uses_postgres():
        query = _tsquery([clause], weights)
        return Q(search_vector=SearchQuery(query, search_type="raw", config=CONFIG))
    return Q(pk__in=_fts_ids(_fts(clause, weights)))


def _points(clause):
    """What a clause scores: the points of the heaviest weight it matches in."""
    return Case(
        *[When(_matching_in(clause, w), then=Value(points)) for w, points in POINTS.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def search(electives, text, prefer=()):
    """Electives matching text, annotated with a `rank` (higher is better): the sum of
    each positive clause's points, and those of the `prefer` clauses (words that rank
    but need not match: electives.query). Text without a word to search (empty, or only
    stop words) matches the electives any `prefer` clause matches."""
    clauses = parse(text)
    if clauses:
        electives = electives.filter(_matching(clauses))
    elif prefer:
        electives = electives.filter(_matching([Clause(sum((c.phrases for c in prefer), ()))]))
    else:
        return electives.none().annotate(rank=Value(0, output_field=IntegerField()))
    ranked = [c for c in clauses if not c.negated] + list(prefer)
    rank = sum((_points(c) for c in ranked), Value(0, output_field=IntegerField()))
    return electives.annotate(rank=rank)


def search_ranks(electives, text, prefer=()):
    """{pk: rank} of the electives text finds."""
    return dict(search(electives, text, prefer).values_list("pk", "rank"))


def searches_words(text):
    """Whether the text has a word to search (not only stop words or punctuation)."""
    return bool(parse(text))


# --- Keeping the words of electives in step ---


class GroupConcat(Aggregate):
    """SQLite's GROUP_CONCAT with a space (PostgreSQL: StringAgg)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = TextField()


def _words_by_weight(electives):
    """The expressions of an elective's words, by weight."""
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
    words = Concat("specialty__name", Value(" "), "specialty__aliases")
    joined = StringAgg(words, delimiter=" ") if uses_postgres() else GroupConcat(words)
    specialties = Subquery(
        through.order_by().values("elective_id").annotate(text=joined).values("text")[:1],
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
    """Recompute the words of these electives: on PostgreSQL their stored vectors, and the
    directory's words (two statements, whatever their number); on SQLite their rows of the
    full-text table (a query, a delete and an insert per thousand)."""
    if not uses_postgres():
        _update_sqlite(electives)
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


def _update_sqlite(electives, batch=1_000):
    pieces = _words_by_weight(electives)
    names = {f"w{n}": e for n, e in enumerate(e for es in pieces.values() for e in es)}
    rows = list(electives.order_by().annotate(**names).values_list("pk", *names))
    columns = ", ".join(COLUMNS.values())
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            pks = [row[0] for row in chunk]
            marks = ", ".join(["%s"] * len(pks))
            cursor.execute(f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN ({marks})", pks)
            values = []
            for pk, *texts in chunk:
                texts = iter(texts)
                by_weight = [
                    " ".join(t for _ in expressions if (t := next(texts)))
                    for expressions in pieces.values()
                ]
                values.append((pk, *by_weight))
            cursor.executemany(
                f"INSERT INTO {SEARCH_TABLE} (rowid, {columns}) VALUES (%s, %s, %s, %s, %s)",
                values,
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


def reading(directory, text, finds, fixed=()):
    """The Reading of a text that finds nothing: each word that finds none of the
    directory's electives (`directory`) is replaced by the nearest word the directory knows,
    if the text then finds something (`finds(text)`: with the other words and filters);
    otherwise it is missing. `malria malawi` -> `malaria malawi`; `cardiology peru` stays,
    with cardiology missing.

    Text with a double quote is taken as typed: the page's "search instead for" link
    quotes the original words. Words in `fixed` (understood as filters: electives.query)
    are neither corrected nor missing.
    """
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"[^\W\d_]+", text)))
    words = [w for w in words if len(w) >= MIN_WORD and w not in fixed]
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
    """The words search does not ignore (stop words such as `the` find nothing, yet
    nothing is missing)."""
    return [word for word in words if word not in stop_words()]


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
