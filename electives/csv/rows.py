"""Reading an import's rows and checking each against the model's own rules: every
problem of a row at once, named by where a spreadsheet shows it (`row N (line M)`)."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django_countries import countries

from electives.models import Elective, Organization, Status

from .record import COLUMNS, FIELD_COLUMNS, RICHER_COLUMNS, _own_fields, _record, restore


class FileProblem(Exception):
    """The file cannot be read on (not UTF-8, not CSV, too long): one message, no row errors."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a row is: `row` as a spreadsheet numbers it (the header is row 1, a blank row
    counts), `line` the file's line it starts on; they differ once a cell spans lines."""

    row: int
    line: int

    def __str__(self):
        return f"row {self.row} (line {self.line})"


@dataclass
class Row:
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


def binary_file(source):
    if isinstance(source, str):
        source = source.encode()
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    return source


def read_rows(binary):
    """(place, cells by column, problem) for each row with something in it.

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
            raise FileProblem(f"{HEADER}: the file is empty") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise FileProblem(_unreadable(HEADER, error)) from None
        required = [column for column in COLUMNS if column not in RICHER_COLUMNS]
        missing = [column for column in required if column not in header]
        unknown = [column for column in header if column not in COLUMNS]
        problems = []
        if missing:
            problems.append(f"missing column {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column {', '.join(map(repr, unknown))}")
        if problems:
            raise FileProblem(f"{HEADER}: {'; '.join(problems)}")
        row = 1
        while True:
            row, place = row + 1, Place(row + 1, reader.line_num + 1)
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (UnicodeDecodeError, csv.Error) as error:
                raise FileProblem(_unreadable(place, error)) from None
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                yield place, None, f"expected {len(header)} cells, found {len(cells)}"
                continue
            cells = dict(zip(header, cells, strict=True))
            nul = [column for column, value in cells.items() if "\x00" in value]
            if nul:
                yield place, None, "; ".join(f"{c}: contains a NUL character" for c in nul)
                continue
            yield place, cells, None
    finally:
        text.detach()  # leave the file open for the next pass


HEADER = Place(1, 1)


def _unreadable(place, error):
    if isinstance(error, UnicodeDecodeError):
        return f"{place}: the file is not UTF-8 text (a byte at or after this line)"
    if "field larger than field limit" in str(error):
        return f"{place}: a cell is longer than {csv.field_size_limit():,} characters"
    return f"{place}: not readable as CSV ({error})"


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


def check_row(cells, specialties, languages):
    """A Row, or the reasons the row is refused (`column must be ...; ...`), each column
    checked by its own rule below."""
    values = {}
    for name in FIELD_COLUMNS:
        text = cell(cells, name)
        values[name] = text if text or name in _TEXT_COLUMNS else None
    values["status"] = values["status"] or Status.DRAFT
    errors = {}
    values["housing"] = _housing(values["housing"], errors)
    values["country"] = _country(values["country"], errors)
    elective = Elective(**values)
    for name, error in _model_problems(elective):
        errors.setdefault(name, []).append(_plain(name, error, cell(cells, name)))
    organization = cell(cells, "organization")
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
    return Row(
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
    except ValidationError as error:
        problems += [(name, e) for name, found in error.error_dict.items() for e in found]
        # clean()'s rules across columns judge the cells that are valid; an invalid cell
        # reads as empty there, so a row's every problem is told in one pass.
        for name in error.error_dict:
            setattr(elective, name, None)
    try:
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
    values = _split(cell(cells, column))
    if column == "languages":
        values = [value.lower() for value in values]
    if unknown := [value for value in values if value not in known]:
        errors[column] = [f"{column}: {_quoted(unknown)} {_UNKNOWN[column]}"]
    return values


def _quoted(values):
    verb = "is" if len(values) == 1 else "are"
    return ", ".join(f'"{v}"' for v in values) + f" {verb}"


def cell(cells, name):
    # Surrounding spaces are a spreadsheet's accident, except in the Markdown description.
    # A richer column the file leaves out reads as empty.
    value = cells.get(name, "")
    return restore(value if name == "description" else value.strip())


def _split(value):
    return [part.strip() for part in value.split(";") if part.strip()]
