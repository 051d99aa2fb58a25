"""The CSV format curators exchange with us (SPEC.md, "CSV format"), and the typed record of
an elective that both the CSV and the JSON are written from.

Import is all-or-nothing: every row is validated, and one bad row means nothing is written.
Export neutralises spreadsheet formulas; import restores them, so export -> import -> export
gives the same bytes. Both stream: memory stays flat whatever the number of rows.
"""

import csv
import datetime
import io
import itertools
import threading
from dataclasses import dataclass, field, fields

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator
from django.db import connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django_countries import countries

from .cache import content_changed, one_version_change
from .models import (
    Elective,
    Language,
    Organization,
    Specialty,
    Status,
    deadline_status,
    unique_slug,
)
from .search import update_search_vectors


@dataclass(frozen=True, slots=True)
class ElectiveRecord:
    """One elective as the CSV and the JSON give it, in SPEC.md's column order."""

    slug: str
    title: str
    category: str
    organization: str
    country: str
    city: str
    specialties: tuple[str, ...]
    pgy_min: int | None
    pgy_max: int | None
    weeks_min: int
    weeks_max: int
    cost_usd: int | None
    housing: bool
    languages: tuple[str, ...]
    deadline: datetime.date | None
    url: str
    contact_email: str
    summary: str
    description: str
    status: str
    last_verified: datetime.date | None

    @classmethod
    def of(cls, elective):
        """From an elective with its sponsor, specialties and languages loaded (for_listing())."""
        return cls(
            **{name: getattr(elective, name) for name in FIELD_COLUMNS if name != "country"},
            country=elective.country.code,
            organization=elective.organization.name,
            specialties=tuple(sorted(s.slug for s in elective.specialties.all())),
            languages=tuple(sorted(language.code for language in elective.languages.all())),
        )

    def csv_cells(self):
        return [neutralise(_text(getattr(self, name))) for name in COLUMNS]

    def as_json(self):
        """SPEC.md's JSON result without page_url: every column but status, typed, and
        whether the elective is open, rolling or closed today (not a CSV column)."""
        return {
            **{name: _json(getattr(self, name)) for name in COLUMNS if name != "status"},
            "deadline_status": str(deadline_status(self.deadline)),
        }


COLUMNS = [f.name for f in fields(ElectiveRecord)]
# The columns that are the elective's own fields: the model's validators and clean() judge them.
FIELD_COLUMNS = [c for c in COLUMNS if c not in ("organization", "specialties", "languages")]
# Rows per query when exporting, per batch of writes when importing.
CHUNK_SIZE = 2000
# Cells that a spreadsheet would run as a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    # Also protect a leading quote before a formula sign, so that import can always
    # strip exactly one quote and get the original back.
    if value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value):
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _json(value):
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# --- Export ---


def _related(through, column, pks):
    values = {}
    for pk, value in through.objects.filter(elective_id__in=pks).values_list("elective_id", column):
        values.setdefault(pk, []).append(value)
    return {pk: tuple(sorted(found)) for pk, found in values.items()}


def records(electives):
    """An ElectiveRecord for each elective, in the queryset's order.

    Plain values read CHUNK_SIZE rows at a time (a server-side cursor on PostgreSQL), plus
    two queries per chunk for the specialties and languages: memory does not grow with the
    number of electives.
    """
    rows = electives.values_list("pk", "organization__name", *FIELD_COLUMNS).iterator(
        chunk_size=CHUNK_SIZE
    )
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        pks = [row[0] for row in chunk]
        specialties = _related(Elective.specialties.through, "specialty__slug", pks)
        languages = _related(Elective.languages.through, "language_id", pks)
        for pk, organization, *values in chunk:
            yield ElectiveRecord(
                **dict(zip(FIELD_COLUMNS, values, strict=True)),
                organization=organization,
                specialties=specialties.get(pk, ()),
                languages=languages.get(pk, ()),
            )


def csv_chunks(electives):
    """The CSV as pieces of text: the header and the rows, CHUNK_SIZE rows a piece."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for n, record in enumerate(records(electives), 1):
        writer.writerow(record.csv_cells())
        if n % CHUNK_SIZE == 0:
            yield _drain(buffer)
    if last := _drain(buffer):
        yield last


def _drain(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_csv(electives, out):
    for chunk in csv_chunks(electives):
        out.write(chunk)


# Downloads streaming at once in this process. A download of every elective keeps a thread
# (of gunicorn's 4 a worker) and a database connection busy for seconds; past this many the
# next one is told to come back, so a burst of downloads cannot take every thread.
EXPORT_SLOTS = 2
_export_slots = threading.BoundedSemaphore(EXPORT_SLOTS)


class _SlotStream:
    """The CSV's bytes; closing it (the server does, however the download ends) frees the slot
    and, for a download abandoned half-way, the database cursor."""

    def __init__(self, read, chunks):
        self.read, self.chunks = read, chunks
        self.held = True

    def __iter__(self):
        for chunk in itertools.chain(self.read, self.chunks):
            yield chunk.encode()

    def close(self):
        if self.held:
            self.held = False
            self.chunks.close()
            _export_slots.release()


def csv_download(electives, filename):
    """The CSV as an attachment, or 503 with Retry-After when every export slot is busy.

    Up to CHUNK_SIZE rows it is one plain response, which the page cache can keep; past
    that it streams, a chunk at a time, holding its slot until the last byte is sent.
    """
    if not _export_slots.acquire(blocking=False):
        response = HttpResponse(
            "Too many downloads at once; please try again in a few seconds.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
    chunks = csv_chunks(electives)
    try:
        first = next(chunks)
        second = next(chunks, None)
    except BaseException:
        _export_slots.release()
        raise
    if second is None:
        _export_slots.release()
        response = HttpResponse(first, content_type="text/csv; charset=utf-8")
    else:
        stream = _SlotStream([first, second], chunks)
        response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Import ---


class FileProblem(Exception):
    """The file cannot be read on (not UTF-8, not CSV, too long): one message, no row errors."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


@dataclass
class _Row:
    elective: Elective  # unsaved, its fields cleaned by the model
    organization: str
    specialties: list
    languages: list


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
        missing = [column for column in COLUMNS if column not in header]
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


def _clean(cells, specialties, languages):
    """A _Row, or the reasons the row is refused (`column: message; ...`)."""
    values = {}
    for name in FIELD_COLUMNS:
        text = _cell(cells, name)
        values[name] = text if text or name in _TEXT_COLUMNS else None
    values["status"] = values["status"] or Status.DRAFT
    errors = {}
    if values["housing"] not in _YES_NO:
        errors["housing"] = ["use yes or no"]
    values["housing"] = _YES_NO.get(values["housing"], False)

    values["country"] = values["country"].upper()
    if values["country"] not in countries:
        # The model field's own rule and message, at a set lookup: its validate() walks the
        # 250 choices and was half the cost of a row.
        message = _FIELDS["country"].error_messages["invalid_choice"]
        errors["country"] = [message % {"value": values["country"]}]

    elective = Elective(**values)
    # Not validate_unique() (an existing slug means "update"), nor validate_constraints()
    # (a query per constraint and row, for the rules clean() and the validators state).
    try:
        elective.clean_fields(exclude={"organization", "country"})
        elective.clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    for name, (_, highest) in _INTEGER_RANGES.items():
        value = getattr(elective, name)
        if isinstance(value, int) and name not in errors:
            try:
                MaxValueValidator(highest)(value)
            except ValidationError as error:
                errors[name] = error.messages

    organization = _cell(cells, "organization")
    try:
        _SPONSOR_NAME.clean(organization, None)
    except ValidationError as error:
        errors["organization"] = error.messages
    slugs = _split(_cell(cells, "specialties"))
    unknown = [slug for slug in slugs if slug not in specialties]
    if unknown:
        errors["specialties"] = [f"unknown specialty {', '.join(map(repr, unknown))}"]
    codes = [code.lower() for code in _split(_cell(cells, "languages"))]
    unknown = [code for code in codes if code not in languages]
    if unknown:
        errors["languages"] = [f"unknown language {', '.join(map(repr, unknown))} (ISO 639-1)"]
    if errors:
        return None, "; ".join(
            message if name == NON_FIELD_ERRORS else f"{name}: {message}"
            for name in [*COLUMNS, NON_FIELD_ERRORS]
            if name in errors
            for message in dict.fromkeys(errors[name])  # once, though two validators say it
        )
    return _Row(
        elective=elective,
        organization=organization,
        specialties=[specialties[slug] for slug in slugs],
        languages=codes,
    ), None


def _cell(cells, name):
    # Surrounding spaces are a spreadsheet's accident, except in the Markdown description.
    return restore(cells[name] if name == "description" else cells[name].strip())


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


class _Invalid(Exception):
    """Raised inside the import's transaction to roll back what earlier batches wrote."""


def import_csv(source, *, dry_run=False, max_rows=None):
    """Validate every row of a CSV (bytes, text or a binary file); write them all, or nothing.

    Two passes over the file, never all of it in memory: the first collects the slugs it
    names, the second validates each row and writes valid rows in batches of CHUNK_SIZE
    inside one transaction, which a bad row anywhere rolls back. The content version
    moves once, at the end, so the lock on its row is held only for the commit.
    """
    result = ImportResult()
    binary = _binary(source)
    try:
        named = _named_slugs(binary, max_rows)
        if dry_run:
            _Importer(named, result, write=False).run(binary)
        else:
            with transaction.atomic(), one_version_change():
                _Importer(named, result, write=True).run(binary)
                if result.errors:
                    raise _Invalid
    except FileProblem as problem:
        result.errors.append(str(problem))
    except _Invalid:
        pass
    if result.errors:
        result.created = result.updated = 0
    return result


# The columns an import writes: every stored field of a new elective (the search vector comes
# after, from update_search_vectors); of an existing one, what the file says and the times.
_INSERTED = [
    f for f in Elective._meta.concrete_fields if not f.primary_key and f.name != "search_vector"
]
_UPDATED = [
    Elective._meta.get_field(name)
    for name in [*FIELD_COLUMNS, "organization", "updated_at", "published_at"]
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


class _Importer:
    def __init__(self, named, result, *, write):
        self.named = named
        self.result = result
        self.write = write
        self.specialties = dict(Specialty.objects.values_list("slug", "pk"))
        self.languages = set(Language.objects.values_list("code", flat=True))
        self.sponsors = {}
        self.made_slugs = set()

    def run(self, binary):
        batch = []
        for line, cells, problem in _rows(binary):
            if not problem:
                row, problem = _clean(cells, self.specialties, self.languages)
            if not problem:
                slug = row.elective.slug
                if slug and self.named[slug] != line:
                    problem = f"slug {slug!r} is also on line {self.named[slug]}"
            if problem:
                self.result.errors.append(f"line {line}: {problem}")
                continue
            batch.append(row)
            if len(batch) == CHUNK_SIZE:
                self.apply(batch)
                batch = []
        if batch:
            self.apply(batch)

    def apply(self, batch):
        slugs = [row.elective.slug for row in batch if row.elective.slug]
        existing = {
            slug: (pk, published_at)
            for slug, pk, published_at in Elective.objects.filter(slug__in=slugs)
            .order_by()
            .values_list("slug", "pk", "published_at")
        }
        created = sum(row.elective.slug not in existing for row in batch)
        self.result.created += created
        self.result.updated += len(batch) - created
        if self.write and not self.result.errors:
            self.save(batch, existing)

    def save(self, batch, existing):
        now = timezone.now()
        self.find_sponsors({row.organization for row in batch})
        created, updated = [], []
        for row in batch:
            elective = row.elective
            elective.organization_id = self.sponsors[row.organization]
            elective.updated_at = now
            if elective.slug in existing:
                elective.pk, elective.published_at = existing[elective.slug]
                updated.append(elective)
            else:
                elective.slug = elective.slug or self.new_slug(elective.title)
                elective.created_at = now
                created.append(elective)
            # As Elective.save() does: the first publication is stamped.
            if elective.status == Status.PUBLISHED and elective.published_at is None:
                elective.published_at = now
        if created:
            _insert(created)
        if updated:
            _update(updated)
        pks = [row.elective.pk for row in batch]
        Specialties = Elective.specialties.through
        Languages = Elective.languages.through
        for through in (Specialties, Languages):
            through.objects.filter(elective_id__in=[e.pk for e in updated]).delete()
        Specialties.objects.bulk_create(
            Specialties(elective_id=row.elective.pk, specialty_id=pk)
            for row in batch
            for pk in row.specialties
        )
        Languages.objects.bulk_create(
            Languages(elective_id=row.elective.pk, language_id=code)
            for row in batch
            for code in row.languages
        )
        update_search_vectors(Elective.objects.filter(pk__in=pks))
        content_changed()  # bulk writes send no signals (noted now, done once at the end)

    def find_sponsors(self, names):
        missing = names - self.sponsors.keys()
        if not missing:
            return
        found = Organization.objects.filter(name__in=missing).values_list("name", "pk")
        self.sponsors.update(found)
        for name in missing - self.sponsors.keys():
            self.sponsors[name] = Organization.objects.create(name=name).pk

    def new_slug(self, title):
        """A slug made from the title that no elective has and no row of the file names."""
        slug, n = unique_slug(Elective, title), 2
        while slug in self.named or slug in self.made_slugs:
            slug, n = unique_slug(Elective, f"{title} {n}"), n + 1
        self.made_slugs.add(slug)
        return slug
