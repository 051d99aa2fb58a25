"""The CSV format curators exchange with us (SPEC.md, "CSV format"), and the typed record of
an elective that both the CSV and the JSON are written from.

Import is all-or-nothing: every row is validated, and one bad row means nothing is written.
Export neutralises spreadsheet formulas; import restores them, so export -> import -> export
gives the same bytes. Both stream: memory stays flat whatever the number of rows.
"""

import csv
import datetime
import difflib
import io
import itertools
import re
import threading
import unicodedata
from dataclasses import dataclass, field, fields

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django_countries import countries
from simple_history.models import HistoricalRecords

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
    # The richer fields (SPEC.md), optional on import. A choice the sponsor has not stated
    # is None (JSON null, an empty cell), not "": scope is "hands-on", "observership" or
    # "research-only"; emergency_support and credit_granted are "yes" or "no".
    scope: str | None
    supervision: str
    malpractice: str
    fee_includes: str
    requirements: str
    emergency_support: str | None
    partner_since: int | None
    credit_granted: str | None
    # The approval fields (SPEC.md, "Additions"), optional on import like the richer ones;
    # letter_of_agreement and evaluation_returned are "yes", "no" or None (not stated).
    letter_of_agreement: str | None
    supervisor: str
    evaluation_returned: str | None
    site_address: str
    site_contact_name: str
    site_contact_title: str
    site_contact_email: str
    lead_time_weeks: int | None
    malpractice_cost: str

    @classmethod
    def of(cls, elective):
        """From an elective with its sponsor, specialties and languages loaded (for_listing())."""
        return _record(
            _own_fields(elective),
            elective.organization.name,
            (s.slug for s in elective.specialties.all()),
            (language.code for language in elective.languages.all()),
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
# Written after the first 21 columns (the richer fields, then the approval fields); a file
# without them is still valid (SPEC.md).
RICHER_COLUMNS = COLUMNS[COLUMNS.index("last_verified") + 1 :]
# The columns that are the elective's own fields: the model's validators and clean() judge them.
FIELD_COLUMNS = [c for c in COLUMNS if c not in ("organization", "specialties", "languages")]
# Choices stored as "" when unknown, which the record gives as None.
_UNSAID_CHOICES = {
    "scope",
    "emergency_support",
    "credit_granted",
    "letter_of_agreement",
    "evaluation_returned",
}
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


def _own_fields(elective):
    fields = {name: getattr(elective, name) for name in FIELD_COLUMNS}
    fields["country"] = elective.country.code
    return fields


def _record(fields, organization, specialties, languages):
    """The record of an elective's own field values (as stored) and its relations' names."""
    return ElectiveRecord(
        **{
            name: None if value == "" and name in _UNSAID_CHOICES else value
            for name, value in fields.items()
        },
        organization=organization,
        specialties=tuple(sorted(specialties)),
        languages=tuple(sorted(languages)),
    )


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
    """An ElectiveRecord for each elective, in order: of a queryset, or of a list of ids
    (a directory selection's, electives.index.Selection.all_pks; published ones only).

    CHUNK_SIZE rows at a time (a server-side cursor on PostgreSQL for a queryset, one query
    per chunk of ids), plus two queries per chunk for the specialties and languages: memory
    does not grow with the number of electives.
    """
    if isinstance(electives, list):
        yield from _records_of_ids(electives)
        return
    rows = electives.values_list(*ROW_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        yield from _records_of_rows(chunk)


ROW_FIELDS = ["pk", "organization__name", *FIELD_COLUMNS]


def _records_of_ids(pks):
    for start in range(0, len(pks), CHUNK_SIZE):
        wanted = pks[start : start + CHUNK_SIZE]
        found = Elective.objects.published().filter(pk__in=wanted).values_list(*ROW_FIELDS)
        by_pk = {row[0]: row for row in found}
        yield from _records_of_rows([by_pk[pk] for pk in wanted if pk in by_pk])


def _records_of_rows(chunk):
    pks = [row[0] for row in chunk]
    specialties = _related(Elective.specialties.through, "specialty__slug", pks)
    languages = _related(Elective.languages.through, "language_id", pks)
    for pk, organization, *values in chunk:
        yield _record(
            dict(zip(FIELD_COLUMNS, values, strict=True)),
            organization,
            specialties.get(pk, ()),
            languages.get(pk, ()),
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


# The admin's template: the header and one row a curator can copy (tests import it as is).
EXAMPLE = ElectiveRecord(
    slug="",
    title="Rural Family Medicine in Gulu",
    category="clinical",
    organization="Example Health Partners",
    country="UG",
    city="Gulu",
    specialties=("family-medicine", "pediatrics"),
    pgy_min=2,
    pgy_max=None,
    weeks_min=4,
    weeks_max=8,
    cost_usd=500,
    housing=True,
    languages=(),
    deadline=None,
    url="https://example.org/electives/gulu",
    contact_email="electives@example.org",
    summary="Ward rounds and outreach clinics with a district hospital team.",
    description="## What you will do\n\nSee patients with the host team.",
    status="draft",
    last_verified=None,
    scope="hands-on",
    supervision="A family physician on site every day.",
    malpractice="The host hospital's policy covers visiting residents.",
    fee_includes="Housing and two meals a day.",
    requirements="Hepatitis B immunity; a letter from your program director.",
    emergency_support="yes",
    partner_since=2015,
    credit_granted=None,
    letter_of_agreement="yes",
    supervisor="Dr. A. Okello, MMed (Family Medicine), head of the family medicine department.",
    evaluation_returned="yes",
    site_address="Gulu Regional Referral Hospital, Gulu, Uganda",
    site_contact_name="Grace Akello",
    site_contact_title="Electives coordinator",
    site_contact_email="electives@example.org",
    lead_time_weeks=12,
    malpractice_cost="",
)


def template_csv():
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([COLUMNS, EXAMPLE.csv_cells()])
    return buffer.getvalue()


# Downloads streaming at once in this process. A download of every elective keeps a thread
# (of gunicorn's 4 a worker) and a database connection busy for seconds; past this many the
# next one is told to come back, so a burst of downloads cannot take every thread.
EXPORT_SLOTS = 2
# How long a request waits for a slot before its 503: long enough for the small exports a
# burst of first requests builds at once (a CSV of a filter takes ~50 ms, and the page
# cache serves the rest), short enough that waiting threads never pile up behind the
# large, streamed ones (seconds each).
EXPORT_WAIT_SECONDS = 1.0
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
    if not _export_slots.acquire(timeout=EXPORT_WAIT_SECONDS):
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
    """A _Row, or the reasons the row is refused (`column must be ...; ...`)."""
    values = {}
    for name in FIELD_COLUMNS:
        text = _cell(cells, name)
        values[name] = text if text or name in _TEXT_COLUMNS else None
    values["status"] = values["status"] or Status.DRAFT
    errors = {}
    if values["housing"] not in _YES_NO:
        errors["housing"] = [f'housing must be yes or no (got "{values["housing"]}")']
    values["housing"] = _YES_NO.get(values["housing"], False)

    values["country"] = values["country"].upper()
    if values["country"] not in countries:
        # A set lookup, not the model field's validate(): that walks the 250 choices and was
        # half the cost of a row.
        got = _cell(cells, "country")
        errors["country"] = [
            f'country must be a two-letter ISO 3166-1 code such as KE (got "{got}")'
        ]

    elective = Elective(**values)
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
    organization = _cell(cells, "organization")
    try:
        _SPONSOR_NAME.clean(organization, None)
    except ValidationError as error:
        problems += [("organization", e) for e in error.error_list]
    for name, error in problems:
        errors.setdefault(name, []).append(_plain(name, error, _cell(cells, name)))

    slugs = _split(_cell(cells, "specialties"))
    unknown = [slug for slug in slugs if slug not in specialties]
    if unknown:
        errors["specialties"] = [
            f"specialties: {_quoted(unknown)} not a known specialty (use slugs such as "
            "pediatrics or family-medicine)"
        ]
    codes = [code.lower() for code in _split(_cell(cells, "languages"))]
    unknown = [code for code in codes if code not in languages]
    if unknown:
        errors["languages"] = [
            f"languages: {_quoted(unknown)} not an ISO 639-1 code (such as es or fr)"
        ]
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
            if len(batch) == CHUNK_SIZE:
                self.apply(batch, write)
                batch = []
        if batch:
            self.apply(batch, write)
        self.result.new_sponsors = list(self.sponsors.new)

    def apply(self, batch, write):
        slugs = [row.elective.slug for _, row in batch if row.elective.slug]
        existing = {
            slug: (pk, published_at, richer)
            for slug, pk, published_at, *richer in Elective.objects.filter(slug__in=slugs)
            .order_by()
            .values_list("slug", "pk", "published_at", *RICHER_COLUMNS)
        }
        before = (
            {r.slug: r for r in records(Elective.objects.filter(slug__in=list(existing)))}
            if existing
            else {}
        )
        for line, row in batch:
            elective = row.elective
            if elective.slug in existing:
                elective.pk, elective.published_at, richer = existing[elective.slug]
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
            elective.stamp_publication(now)
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
