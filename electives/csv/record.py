"""The typed record of an elective that the CSV, the JSON and the import are written from,
the columns, and reading records from a queryset or a selection's ids."""

import datetime
import itertools
from dataclasses import dataclass, fields

from electives.models import Elective


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
    # What program directors, GME offices and boards also ask (electives.site_facts), in its
    # order; accreditation is "jci", "national", "none" or None, the three insurances
    # "provided", "required", "not-required" or None.
    supervisor_credentials: str
    supervision_frequency: str
    evaluation_details: str
    accreditation: str | None
    accrediting_body: str
    duty_hours_week: int | None
    call_schedule: str
    evacuation_insurance: str | None
    health_insurance: str | None
    disability_insurance: str | None
    exposure_plan: str
    emergency_contact: str
    total_cost_usd: int | None
    total_cost_notes: str

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

    def cell(self, name):
        """One column as a curator typed it (unneutralised), for showing old -> new."""
        return _text(getattr(self, name))

    def as_json(self):
        """SPEC.md's JSON result without page_url: every column but status, typed."""
        return {name: _json(getattr(self, name)) for name in COLUMNS if name != "status"}


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
    "accreditation",
    "evacuation_insurance",
    "health_insurance",
    "disability_insurance",
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


def _related(through, column, pks):
    values = {}
    for pk, value in through.objects.filter(elective_id__in=pks).values_list("elective_id", column):
        values.setdefault(pk, []).append(value)
    return {pk: tuple(sorted(found)) for pk, found in values.items()}


def records(electives):
    """An ElectiveRecord for each elective, in order: of a queryset, or of a list of ids
    (a directory selection's, electives.selection.Selection.all_pks; published ones only).

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
