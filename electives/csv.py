"""The CSV format curators exchange with us (SPEC.md, "CSV format").

Import is all-or-nothing: every row is validated first, and one bad row means
nothing is written. Export neutralises spreadsheet formulas; import restores
them, so export -> import -> export gives the same bytes.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django_countries import countries

from .models import (
    Category,
    Elective,
    Language,
    Organization,
    Specialty,
    Status,
    http_url_validator,
    unique_slug,
)

COLUMNS = [
    "slug",
    "title",
    "category",
    "organization",
    "country",
    "city",
    "specialties",
    "pgy_min",
    "pgy_max",
    "weeks_min",
    "weeks_max",
    "cost_usd",
    "housing",
    "languages",
    "deadline",
    "url",
    "contact_email",
    "summary",
    "description",
    "status",
    "last_verified",
]
FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMATS = ["%Y-%m-%d"]


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


def _join(values):
    return ";".join(sorted(values))


def _split(value):
    return [part.strip() for part in value.split(";") if part.strip()]


def elective_row(elective):
    """One elective as a dict of CSV cells (before neutralisation)."""

    def number(value):
        return "" if value is None else str(value)

    return {
        "slug": elective.slug,
        "title": elective.title,
        "category": elective.category,
        "organization": elective.organization.name,
        "country": elective.country.code,
        "city": elective.city,
        "specialties": _join(s.slug for s in elective.specialties.all()),
        "pgy_min": number(elective.pgy_min),
        "pgy_max": number(elective.pgy_max),
        "weeks_min": number(elective.weeks_min),
        "weeks_max": number(elective.weeks_max),
        "cost_usd": number(elective.cost_usd),
        "housing": "yes" if elective.housing else "no",
        "languages": _join(lang.code for lang in elective.languages.all()),
        "deadline": elective.deadline.isoformat() if elective.deadline else "",
        "url": elective.url,
        "contact_email": elective.contact_email,
        "summary": elective.summary,
        "description": elective.description,
        "status": elective.status,
        "last_verified": elective.last_verified.isoformat() if elective.last_verified else "",
    }


# The columns read straight from the elective and its sponsor, in COLUMNS order.
_PLAIN_COLUMNS = {
    "organization": "organization__name",
    "specialties": None,
    "languages": None,
}
_CHUNK = 2000


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def write_csv(electives, out):
    """Write electives (in the queryset's order) to a text stream.

    Plain values rather than model instances (the CSV of a broad filter has
    thousands of rows): one query for the rows, two per 2,000 rows for the
    specialties and languages.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    fields = [
        _PLAIN_COLUMNS.get(column, column)
        for column in COLUMNS
        if _PLAIN_COLUMNS.get(column, column) is not None
    ]
    rows = list(electives.values_list("pk", *fields))
    specialty_through = Elective.specialties.through.objects
    language_through = Elective.languages.through.objects
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        pks = [row[0] for row in chunk]
        specialties, languages = {}, {}
        for pk, slug in specialty_through.filter(elective_id__in=pks).values_list(
            "elective_id", "specialty__slug"
        ):
            specialties.setdefault(pk, []).append(slug)
        for pk, code in language_through.filter(elective_id__in=pks).values_list(
            "elective_id", "language_id"
        ):
            languages.setdefault(pk, []).append(code)
        for pk, *values in chunk:
            plain = iter(values)
            cells = []
            for column in COLUMNS:
                if column == "specialties":
                    cells.append(_join(specialties.get(pk, [])))
                elif column == "languages":
                    cells.append(_join(languages.get(pk, [])))
                else:
                    cells.append(_cell(next(plain)))
            writer.writerow([neutralise(cell) for cell in cells])


def export_csv(electives):
    out = io.StringIO()
    write_csv(electives, out)
    return out.getvalue()


class ElectiveRowForm(forms.Form):
    slug = forms.SlugField(required=False, max_length=200)
    title = forms.CharField(max_length=200)
    category = forms.ChoiceField(choices=Category.choices)
    organization = forms.CharField(max_length=200)
    country = forms.CharField()
    city = forms.CharField(required=False, max_length=100)
    specialties = forms.CharField(required=False)
    pgy_min = forms.IntegerField(required=False, min_value=1, max_value=8)
    pgy_max = forms.IntegerField(required=False, min_value=1, max_value=8)
    weeks_min = forms.IntegerField(min_value=1, max_value=104)
    weeks_max = forms.IntegerField(min_value=1, max_value=104)
    cost_usd = forms.IntegerField(required=False, min_value=0)
    housing = forms.ChoiceField(required=False, choices=[("yes", "yes"), ("no", "no")])
    languages = forms.CharField(required=False)
    deadline = forms.DateField(required=False, input_formats=DATE_FORMATS)
    url = forms.CharField(max_length=500)
    contact_email = forms.EmailField(required=False)
    summary = forms.CharField(max_length=300)
    description = forms.CharField(required=False, strip=False)
    status = forms.ChoiceField(required=False, choices=Status.choices)
    last_verified = forms.DateField(required=False, input_formats=DATE_FORMATS)

    def __init__(self, *args, specialties, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_specialties = specialties
        self.known_languages = languages

    def clean_url(self):
        # A spreadsheet cell must say http(s) itself: no scheme is assumed.
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("must start with http:// or https://")
        http_url_validator(url)
        return url

    def clean_country(self):
        code = self.cleaned_data["country"].strip().upper()
        if code not in countries:
            raise forms.ValidationError(f"unknown country {code!r} (use an ISO 3166-1 code)")
        return code

    def clean_specialties(self):
        slugs = _split(self.cleaned_data["specialties"])
        unknown = [slug for slug in slugs if slug not in self.known_specialties]
        if unknown:
            raise forms.ValidationError(f"unknown specialty {', '.join(map(repr, unknown))}")
        return [self.known_specialties[slug] for slug in slugs]

    def clean_languages(self):
        codes = [code.lower() for code in _split(self.cleaned_data["languages"])]
        unknown = [code for code in codes if code not in self.known_languages]
        if unknown:
            raise forms.ValidationError(
                f"unknown language {', '.join(map(repr, unknown))} (use ISO 639-1 codes)"
            )
        return codes

    def clean_housing(self):
        return self.cleaned_data["housing"] == "yes"

    def clean_status(self):
        return self.cleaned_data["status"] or Status.DRAFT

    def clean(self):
        data = super().clean()
        weeks_min, weeks_max = data.get("weeks_min"), data.get("weeks_max")
        if weeks_min and weeks_max and weeks_min > weeks_max:
            self.add_error(None, f"weeks_min ({weeks_min}) is greater than weeks_max ({weeks_max})")
        pgy_min, pgy_max = data.get("pgy_min"), data.get("pgy_max")
        if pgy_min and pgy_max and pgy_min > pgy_max:
            self.add_error(None, f"pgy_min ({pgy_min}) is greater than pgy_max ({pgy_max})")
        return data

    def problems(self):
        messages = []
        for name, errors in self.errors.items():
            for error in errors:
                messages.append(error if name == "__all__" else f"{name}: {error}")
        return "; ".join(messages)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _read_rows(data):
    """(line number, row dict) for each record; line numbers count the header as 1."""
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    elif data.startswith("\ufeff"):
        data = data[1:]
    reader = csv.reader(io.StringIO(data, newline=""))
    header = next(reader, None)
    if header is None:
        raise ValueError("line 1: the file is empty")
    header = [column.strip() for column in header]
    missing = [column for column in COLUMNS if column not in header]
    unknown = [column for column in header if column not in COLUMNS]
    problems = []
    if missing:
        problems.append(f"missing column {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column {', '.join(map(repr, unknown))}")
    if problems:
        raise ValueError(f"line 1: {'; '.join(problems)}")
    rows = []
    start = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            if len(cells) != len(header):
                rows.append((start, None, f"expected {len(header)} cells, found {len(cells)}"))
            else:
                values = {k: restore(v) for k, v in zip(header, cells, strict=True)}
                rows.append((start, values, None))
        start = reader.line_num + 1
    return rows


def import_csv(data, *, dry_run=False):
    """Validate every row of a CSV (bytes or text); write them all, or nothing."""
    result = ImportResult()
    try:
        rows = _read_rows(data)
    except UnicodeDecodeError:
        result.errors.append("line 1: the file is not UTF-8 text")
        return result
    except (ValueError, csv.Error) as error:
        result.errors.append(str(error))
        return result

    specialties = {s.slug: s for s in Specialty.objects.all()}
    languages = set(Language.objects.values_list("code", flat=True))
    existing = Elective.objects.in_bulk(
        [row["slug"].strip() for _, row, _ in rows if row and row["slug"].strip()],
        field_name="slug",
    )
    seen_slugs = {}
    valid = []
    for line, row, problem in rows:
        if problem:
            result.errors.append(f"line {line}: {problem}")
            continue
        form = ElectiveRowForm(row, specialties=specialties, languages=languages)
        if not form.is_valid():
            result.errors.append(f"line {line}: {form.problems()}")
            continue
        slug = form.cleaned_data["slug"]
        if slug and slug in seen_slugs:
            result.errors.append(f"line {line}: slug {slug!r} is also on line {seen_slugs[slug]}")
            continue
        if slug:
            seen_slugs[slug] = line
        valid.append(form.cleaned_data)

    if not rows and not result.errors:
        result.errors.append("line 2: the file has no rows")
    if result.errors:
        return result

    for data in valid:
        if data["slug"] in existing:
            result.updated += 1
        else:
            result.created += 1
    if dry_run:
        return result

    with transaction.atomic():
        organizations = {}
        # Rows that name their slug first, so a slug made from a title cannot take it.
        for data in sorted(valid, key=lambda data: not data["slug"]):
            name = data["organization"]
            if name not in organizations:
                organizations[name] = Organization.objects.get_or_create(name=name)[0]
            elective = existing.get(data["slug"]) or Elective(slug=data["slug"])
            for name in COLUMNS:
                if name not in ("slug", "organization", "specialties", "languages"):
                    setattr(elective, name, data[name])
            elective.organization = organizations[data["organization"]]
            if not elective.slug:
                elective.slug = unique_slug(Elective, elective.title)
            elective.save()
            elective.specialties.set(data["specialties"])
            elective.languages.set(data["languages"])
    return result
