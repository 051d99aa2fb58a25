"""Reading a CSV into the directory: every row checked first (`line N: reason`), nothing
written unless all are good, then written in batches inside one transaction."""

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django_countries import countries
from simple_history.models import HistoricalRecords

from electives import workflow
from electives.cache import content_changed, one_version_change
from electives.models import Elective, Language, Organization, Specialty, Status, unique_slug
from electives.search import update_search_vectors

# CHUNK_SIZE is read from its module at each use: tests make it small.
from . import record as csv_record
from .record import COLUMNS, FIELD_COLUMNS, RICHER_COLUMNS, _own_fields, _record, records, restore


class FileProblem(Exception):
    """The file cannot be read on (not UTF-8, not CSV, too long): one message, no row errors."""


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What an import does with one row (the admin's preview): action is "create", "update",
    "unchanged" or "refuse"; detail the changed columns or the reason for refusing."""

    line: int
    action: str
    slug: str
    title: str
    detail: str = ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0  # rows naming an existing slug, changed or not (SPEC.md's count)
    unchanged: int = 0
    errors: list = field(default_factory=list)
    new_sponsors: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # RowOutcome, in line order, when asked for

    @property
    def ok(self):
        return not self.errors

    @property
    def changed(self):
        return self.updated - self.unchanged


@dataclass
class _Row:
    elective: Elective  # unsaved, its fields cleaned by the model
    organization: str
    specialties: list  # slugs
    languages: list  # codes
    absent: list  # richer columns the file leaves out: kept as they are on update
    changes: list = field(default_factory=list)

    def record(self):
        return _record(
            _own_fields(self.elective), self.organization, self.specialties, self.languages
        )


_FIELDS = {name: Elective._meta.get_field(name) for name in FIELD_COLUMNS}
_TEXT_COLUMNS = {
    name for name, f in _FIELDS.items() if isinstance(f, models.CharField | models.TextField)
}
# Each integer column's range on every database Django supports: a row that SQLite would
# take must also fit PostgreSQL's columns (a fee of 2**31 does not).
_INTEGER_RANGES = {
    name: BaseDatabaseOperations.integer_field_ranges[f.get_internal_type()]
    for name, f in _FIELDS.items()
    if isinstance(f, models.IntegerField)
}
_SPONSOR_NAME = Organization._meta.get_field("name")
_YES_NO = {"yes": True, "no": False, None: False}


def _binary(source):
    if isinstance(source, str):
        source = source.encode()
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    return source


def _rows(binary):
    """(line, cells by column, problem) for each record; the header is line 1.

    Reads the file as a stream, so a file of any size costs the memory of one row; the
    csv module's own limit (128 KB a cell) bounds that row.
    """
    binary.seek(0)
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    try:
        reader = csv.reader(text)
        try:
            header = [column.strip() for column in next(reader)]
        except StopIteration:
            raise FileProblem("line 1: the file is empty") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise FileProblem(_unreadable(1, error)) from None
        required = [column for column in COLUMNS if column not in RICHER_COLUMNS]
        missing = [column for column in required if column not in header]
        unknown = [column for column in header if column not in COLUMNS]
        problems = []
        if missing:
            problems.append(f"missing column {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column {', '.join(map(repr, unknown))}")
        if problems:
            raise FileProblem(f"line 1: {'; '.join(problems)}")
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (UnicodeDecodeError, csv.Error) as error:
                raise FileProblem(_unreadable(start, error)) from None
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                yield start, None, f"expected {len(header)} cells, found {len(cells)}"
                continue
            row = dict(zip(header, cells, strict=True))
            nul = [column for column, cell in row.items() if "\x00" in cell]
            if nul:
                yield start, None, "; ".join(f"{c}: contains a NUL character" for c in nul)
                continue
            yield start, row, None
    finally:
        text.detach()  # leave the file open for the next pass


def _unreadable(line, error):
    if isinstance(error, UnicodeDecodeError):
        return f"line {line}: the file is not UTF-8 text (a byte at or after this line)"
    if "field larger than field limit" in str(error):
        return f"line {line}: a cell is longer than {csv.field_size_limit():,} characters"
    return f"line {line}: not readable as CSV ({error})"


# What a cell of each kind must hold, in the words of a message to a curator.
_KINDS = {
    models.DateField: "a date written YYYY-MM-DD",
    models.URLField: "a web address starting with https:// or http://",
    models.EmailField: "an e-mail address",
    models.IntegerField: "a whole number",
}


def _plain(column, error, got):
    """One of the model's validation errors in plain words, naming the column and the cell."""
    params = error.params or {}
    if error.code in ("null", "blank"):
        return f"{column} is required"
    if error.code == "single_line":
        return f"{column} must be on one line"
    if error.code == "max_length":
        return (
            f"{column} must be at most {params['limit_value']:,} characters "
            f"(it has {params['show_value']:,})"
        )
    if error.code in ("min_value", "max_value"):
        bound = "at least" if error.code == "min_value" else "at most"
        return f'{column} must be {bound} {params["limit_value"]} (got "{got}")'
    model_field = _FIELDS.get(column)
    if error.code == "invalid_choice" and model_field is not None:
        allowed = [value for value, _ in model_field.choices if value]
        words = " or ".join(allowed) if len(allowed) == 2 else f"one of {', '.join(allowed)}"
        return f'{column} must be {words} (got "{got}")'
    if error.code in ("invalid", "invalid_date"):
        for kind, words in _KINDS.items():
            if isinstance(model_field, kind):
                return f'{column} must be {words} (got "{got}")'
    # The model's own sentences (clean()'s rules across columns) are plain already.
    return error.messages[0] if column == NON_FIELD_ERRORS else f"{column}: {error.messages[0]}"


def _clean(cells, specialties, languages):
    """A _Row, or the reasons the row is refused (`column must be ...; ...`), each column
    checked by its own rule below."""
    values = {}
    for name in FIELD_COLUMNS:
        text = _cell(cells, name)
        values[name] = text if text or name in _TEXT_COLUMNS else None
    values["status"] = values["status"] or Status.DRAFT
    errors = {}
    values["housing"] = _housing(values["housing"], errors)
    values["country"] = _country(values["country"], errors)
    elective = Elective(**values)
    for name, error in _model_problems(elective):
        errors.setdefault(name, []).append(_plain(name, error, _cell(cells, name)))
    organization = _cell(cells, "organization")
    for error in _sponsor_problems(organization):
        errors.setdefault("organization", []).append(_plain("organization", error, organization))
    slugs = _known(cells, "specialties", specialties, errors)
    codes = _known(cells, "languages", languages, errors)
    if errors:
        return None, "; ".join(
            message
            for name in [*COLUMNS, NON_FIELD_ERRORS]
            if name in errors
            for message in dict.fromkeys(errors[name])  # once, though two validators say it
        )
    return _Row(
        elective=elective,
        organization=organization,
        specialties=slugs,
        languages=codes,
        absent=[name for name in RICHER_COLUMNS if name not in cells],
    ), None


def _housing(text, errors):
    if text not in _YES_NO:
        errors["housing"] = [f'housing must be yes or no (got "{text}")']
    return _YES_NO.get(text, False)


def _country(text, errors):
    code = text.upper()
    if code not in countries:
        # A set lookup, not the model field's validate(): that walks the 250 choices and was
        # half the cost of a row.
        errors["country"] = [
            f'country must be a two-letter ISO 3166-1 code such as KE (got "{text}")'
        ]
    return code


def _model_problems(elective):
    """(column, error) for each of the model's own rules the row breaks: its fields'
    validators, clean()'s rules across columns and the integer columns' bounds."""
    # Not validate_unique() (an existing slug means "update"), nor validate_constraints()
    # (a query per constraint and row, for the rules clean() and the validators state).
    problems = []
    try:
        elective.clean_fields(exclude={"organization", "country"})
        elective.clean()
    except ValidationError as error:
        problems += [(name, e) for name, found in error.error_dict.items() for e in found]
    for name, (_, highest) in _INTEGER_RANGES.items():
        value = getattr(elective, name)
        if isinstance(value, int):
            try:
                MaxValueValidator(highest)(value)
            except ValidationError as error:
                problems.append((name, error))
    return problems


def _sponsor_problems(name):
    try:
        _SPONSOR_NAME.clean(name, None)
    except ValidationError as error:
        return error.error_list
    return []


_UNKNOWN = {
    "specialties": "not a known specialty (use slugs such as pediatrics or family-medicine)",
    "languages": "not an ISO 639-1 code (such as es or fr)",
}


def _known(cells, column, known, errors):
    """The column's slugs or codes (lower-case for languages), each one the directory knows."""
    values = _split(_cell(cells, column))
    if column == "languages":
        values = [value.lower() for value in values]
    if unknown := [value for value in values if value not in known]:
        errors[column] = [f"{column}: {_quoted(unknown)} {_UNKNOWN[column]}"]
    return values


def _quoted(values):
    verb = "is" if len(values) == 1 else "are"
    return ", ".join(f'"{v}"' for v in values) + f" {verb}"


def _cell(cells, name):
    # Surrounding spaces are a spreadsheet's accident, except in the Markdown description.
    # A richer column the file leaves out reads as empty.
    value = cells.get(name, "")
    return restore(value if name == "description" else value.strip())


def _split(value):
    return [part.strip() for part in value.split(";") if part.strip()]


def _named_slugs(binary, max_rows):
    """First pass: the line of each slug the file names (new slugs must avoid them all)."""
    named, count = {}, 0
    for line, cells, _ in _rows(binary):
        count += 1
        if max_rows and count > max_rows:
            raise FileProblem(
                f"line {line}: the admin imports at most {max_rows:,} rows at once. Split the "
                "file, or import it on the server: python manage.py import_electives FILE.csv"
            )
        slug = cells and _cell(cells, "slug")
        if slug:
            named.setdefault(slug, line)
    if not count:
        raise FileProblem("line 2: the file has no rows")
    return named


def _normalised(name):
    """A sponsor's name without case, accents, punctuation or repeated spaces."""
    letters = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(c if c.isalnum() else " " for c in letters if not unicodedata.combining(c))
    return " ".join(kept.split())


# How alike two normalised names must be (difflib's ratio) for the second to read as a
# misspelling of the first: "Lakesid Health" / "Lakeside Health" is 0.97, "Northfield
# Health Partners" / "Northfield Health Trust" 0.82.
NEAR_MISS = 0.85


class _Sponsors:
    """The sponsors a file names. A name close to an existing sponsor's (a misspelling, a
    different case or accent) is refused unless the import confirms new sponsors; a clearly
    different name is a new sponsor (SPEC.md), created when the rows are written."""

    def __init__(self, create_new):
        self.create_new = create_new
        self.pk = dict(Organization.objects.values_list("name", "pk"))
        self.normalised = {}
        for name in self.pk:
            self.normalised.setdefault(_normalised(name), name)
        self.problems = {}
        self.new = {}  # names the file introduces, in the order first met

    def problem(self, name):
        if name in self.pk or name in self.new:
            return None
        if name not in self.problems:
            self.problems[name] = self.near_miss(name)
            if self.problems[name] is None:
                self.new[name] = None
        return self.problems[name]

    def near_miss(self, name):
        if self.create_new:
            return None
        normal = _normalised(name)
        match = self.normalised.get(normal)
        if match is None:
            close = difflib.get_close_matches(normal, self.normalised, n=1, cutoff=NEAR_MISS)
            match = close and self.normalised[close[0]]
        if not match:
            return None
        return (
            f'organization "{name}" is not a known sponsor; did you mean "{match}"? Correct '
            'the name, or confirm that it is a new sponsor (tick "Create new sponsors" in the '
            "admin import, or run import_electives --create-organizations)"
        )

    def pks(self, names):
        """{name: pk} for these names, creating the new sponsors among them."""
        for name in names - self.pk.keys():
            self.pk[name] = Organization.objects.create(name=name).pk
        return self.pk


class _Invalid(Exception):
    """Raised inside the import's transaction to roll back what earlier batches wrote."""


HISTORY_REASON = "CSV import"


def import_csv(
    source, *, dry_run=False, max_rows=None, create_organizations=False, user=None, preview=False
):
    """Validate every row of a CSV (bytes, text or a binary file); write them all, or nothing.

    Two passes over the file, never all of it in memory: the first collects the slugs it
    names, the second validates each row and writes valid rows in batches of CHUNK_SIZE
    inside one transaction, which a bad row anywhere rolls back. The content version
    moves once, at the end, so the lock on its row is held only for the commit. Each
    created or changed elective gets a history record by `user` (None for the command).
    `preview` keeps what happens to each row in `result.rows` (a row's memory each: the
    admin's capped files, not the command's).
    """
    result = ImportResult()
    binary = _binary(source)
    try:
        named = _named_slugs(binary, max_rows)
        importer = _Importer(named, result, create_organizations, user=user, preview=preview)
        if dry_run:
            importer.run(binary, write=False)
        else:
            with transaction.atomic(), one_version_change():
                importer.run(binary, write=True)
                if result.errors:
                    raise _Invalid
    except IntegrityError as error:
        # Rows this import found new were written meanwhile by another import (or a curator)
        # that committed first: what this file would do has changed, so it does nothing.
        result.errors.append(_written_meanwhile(error))
        result.rows = []
    except FileProblem as problem:
        result.errors.append(str(problem))
    except _Invalid:
        pass
    result.rows.sort(key=lambda outcome: outcome.line)
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        result.new_sponsors = []
    return result


_DUPLICATE_KEY = re.compile(r"Key \((?P<column>[^)]+)\)=\((?P<value>.*)\) already exists")
_TABLE_WORDS = {
    Elective._meta.db_table: "an elective's",
    Organization._meta.db_table: "a sponsor's",
}


def _written_meanwhile(error):
    detail = ""
    diag = getattr(error.__cause__, "diag", None)  # PostgreSQL names the key taken
    if diag is not None and (key := _DUPLICATE_KEY.search(diag.message_detail or "")):
        owner = _TABLE_WORDS.get(diag.table_name, "a")
        detail = f' ({owner} {key["column"]} "{key["value"]}" is taken now)'
    return (
        "The directory changed while this file was being imported: another import or a "
        f"curator created the same electives at the same time{detail}. Nothing was imported; "
        "check the file again to see what it would change now."
    )


# The columns an import writes: every stored field of a new elective (the search vector comes
# after, from update_search_vectors); of an existing one, what the file says and the times.
_INSERTED = [
    f for f in Elective._meta.concrete_fields if not f.primary_key and f.name != "search_vector"
]
_UPDATED = [
    Elective._meta.get_field(name)
    for name in [*FIELD_COLUMNS, "organization", "updated_at", "published_at", "review_note"]
    if name != "slug"
]


def _execute_for_each(sql, electives, fields, *, by_pk=False):
    """Run one statement for each elective: prepared once, pipelined by psycopg.

    The ORM's bulk_update() writes a CASE per field and row (5,000 rows took 84 s on
    PostgreSQL), and bulk_create() spent half of an import compiling its SQL.
    """
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields]
                + ([e.pk] if by_pk else [])
                for e in electives
            ],
        )


def _insert(electives):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _INSERTED)
    values = ", ".join(["%s"] * len(_INSERTED))
    sql = f"INSERT INTO {quote(Elective._meta.db_table)} ({columns}) VALUES ({values})"
    _execute_for_each(sql, electives, _INSERTED)
    pks = dict(
        Elective.objects.filter(slug__in=[e.slug for e in electives])
        .order_by()
        .values_list("slug", "pk")
    )
    for elective in electives:
        elective.pk = pks[elective.slug]


def _update(electives):
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in _UPDATED)
    sql = f"UPDATE {quote(Elective._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    _execute_for_each(sql, electives, _UPDATED, by_pk=True)


_HISTORICAL_M2M = {
    name: HistoricalRecords.m2m_models[Elective._meta.get_field(name)]
    for name in ("specialties", "languages")
}


def _record_history(pks, *, update, user):
    """History rows for electives written without save() (no signals): what the admin's
    History page lists and reverts, with their specialties and languages as save() would.

    Three queries and three bulk inserts per batch, whatever its size.
    """
    if not pks:
        return
    electives = Elective.objects.filter(pk__in=pks).defer("search_vector")
    versions = Elective.history.bulk_history_create(
        electives, update=update, default_user=user, default_change_reason=HISTORY_REASON
    )
    version_of = {version.id: version for version in versions}
    for name, model in _HISTORICAL_M2M.items():
        through = getattr(Elective, name).through
        other = getattr(Elective, name).field.m2m_reverse_field_name()
        rows = through.objects.filter(elective_id__in=pks).values_list(
            "id", "elective_id", f"{other}_id"
        )
        model.objects.bulk_create(
            model(history=version_of[pk], id=row_id, elective_id=pk, **{f"{other}_id": value})
            for row_id, pk, value in rows
        )


class _Importer:
    def __init__(self, named, result, create_organizations, *, user, preview):
        self.named = named
        self.result = result
        self.user = user
        self.preview = preview
        self.specialties = dict(Specialty.objects.values_list("slug", "pk"))
        self.languages = set(Language.objects.values_list("code", flat=True))
        self.sponsors = _Sponsors(create_organizations)
        self.made_slugs = set()

    def run(self, binary, *, write):
        batch = []
        for line, cells, problem in _rows(binary):
            problems = [problem] if problem else []
            if cells:
                row, problem = _clean(cells, self.specialties, self.languages)
                problems += [problem] if problem else []
                slug, sponsor = _cell(cells, "slug"), _cell(cells, "organization")
                if slug and self.named[slug] != line:
                    problems.append(f'slug "{slug}" is also on line {self.named[slug]}')
                if sponsor and (near_miss := self.sponsors.problem(sponsor)):
                    problems.append(near_miss)
            if problems:
                reason = "; ".join(problems)
                self.result.errors.append(f"line {line}: {reason}")
                if self.preview:
                    slug, title = (
                        (_cell(cells, "slug"), _cell(cells, "title")) if cells else ("", "")
                    )
                    self.result.rows.append(RowOutcome(line, "refuse", slug, title, reason))
                continue
            batch.append((line, row))
            if len(batch) == csv_record.CHUNK_SIZE:
                self.apply(batch, write)
                batch = []
        if batch:
            self.apply(batch, write)
        self.result.new_sponsors = list(self.sponsors.new)

    def apply(self, batch, write):
        slugs = [row.elective.slug for _, row in batch if row.elective.slug]
        existing = {
            slug: (pk, published_at, review_note, richer)
            for slug, pk, published_at, review_note, *richer in Elective.objects.filter(
                slug__in=slugs
            )
            .order_by()
            .values_list("slug", "pk", "published_at", "review_note", *RICHER_COLUMNS)
        }
        before = (
            {r.slug: r for r in records(Elective.objects.filter(slug__in=list(existing)))}
            if existing
            else {}
        )
        for line, row in batch:
            elective = row.elective
            if elective.slug in existing:
                elective.pk, elective.published_at, elective.review_note, richer = existing[
                    elective.slug
                ]
                kept = dict(zip(RICHER_COLUMNS, richer, strict=True))
                for name in row.absent:
                    setattr(elective, name, kept[name])
                old, new = before[elective.slug], row.record()
                row.changes = [name for name in COLUMNS if getattr(old, name) != getattr(new, name)]
                action = "update" if row.changes else "unchanged"
                self.result.updated += 1
                self.result.unchanged += not row.changes
            else:
                action = "create"
                self.result.created += 1
            if self.preview:
                detail = ", ".join(row.changes)
                self.result.rows.append(
                    RowOutcome(line, action, elective.slug, elective.title, detail)
                )
        if write and not self.result.errors:
            self.save([row for _, row in batch])

    def save(self, batch):
        now = timezone.now()
        sponsors = self.sponsors.pks({row.organization for row in batch})
        created, updated = [], []
        for row in batch:
            elective = row.elective
            if elective.pk is not None and not row.changes:
                continue  # nothing to write, nor to record in history
            elective.organization_id = sponsors[row.organization]
            elective.updated_at = now
            if elective.pk is not None:
                updated.append(row)
            else:
                elective.slug = elective.slug or self.new_slug(elective.title)
                elective.created_at = now
                created.append(row)
            workflow.imported(elective, now)  # publishing clears the review note
        if created:
            _insert([row.elective for row in created])
        if updated:
            _update([row.elective for row in updated])
        written = created + updated
        if not written:
            return
        Specialties = Elective.specialties.through
        Languages = Elective.languages.through
        for through in (Specialties, Languages):
            through.objects.filter(elective_id__in=[row.elective.pk for row in updated]).delete()
        Specialties.objects.bulk_create(
            Specialties(elective_id=row.elective.pk, specialty_id=self.specialties[slug])
            for row in written
            for slug in row.specialties
        )
        Languages.objects.bulk_create(
            Languages(elective_id=row.elective.pk, language_id=code)
            for row in written
            for code in row.languages
        )
        update_search_vectors(Elective.objects.filter(pk__in=[row.elective.pk for row in written]))
        _record_history([row.elective.pk for row in created], update=False, user=self.user)
        _record_history([row.elective.pk for row in updated], update=True, user=self.user)
        content_changed()  # bulk writes send no signals (noted now, done once at the end)

    def new_slug(self, title):
        """A slug made from the title that no elective has and no row of the file names."""
        slug, n = unique_slug(Elective, title), 2
        while slug in self.named or slug in self.made_slugs:
            slug, n = unique_slug(Elective, f"{title} {n}"), n + 1
        self.made_slugs.add(slug)
        return slug
