"""Field rules the directory's models share: ranges, one-line text, public addresses, slugs."""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django_countries import Countries
from django_countries.data import COUNTRIES

from ..addresses import host_refusal


@dataclass(frozen=True)
class Bounds:
    """The sensible range of a value people or feeds store (dates, years): the model field's
    validators, which the admin, the CSV rows and the importers take from it, and a
    database constraint for writes that skip validation (update(), bulk writes)."""

    low: object
    high: object
    message: str

    def validators(self):
        message = self.message % {"low": self.low, "high": self.high}
        return [
            MinValueValidator(self.low, message=message),
            MaxValueValidator(self.high, message=message),
        ]

    def constraint(self, field, name):
        return models.CheckConstraint(
            condition=Q(**{f"{field}__isnull": True})
            | Q(**{f"{field}__range": (self.low, self.high)}),
            name=name,
        )


# Every date a person or a feed stores: wide enough for any real deadline, verification or
# advisory, narrow enough that date arithmetic on it (a reminder a week before, a plan a
# year ahead) stays far inside what datetime.date can hold (years 1 to 9999).
DATES = Bounds(
    datetime.date(2000, 1, 1),
    datetime.date(2100, 12, 31),
    "Enter a date between %(low)s and %(high)s.",
)
# Moments staff set by hand (when a report was dealt with): the same days, in UTC.
MOMENTS = Bounds(
    datetime.datetime.combine(DATES.low, datetime.time.min, tzinfo=datetime.UTC),
    datetime.datetime.combine(DATES.high, datetime.time.max, tzinfo=datetime.UTC),
    DATES.message % {"low": DATES.low, "high": DATES.high},
)
# Years (a sponsor's "partner since"): residents rotated abroad long before 2000.
YEARS = Bounds(1900, DATES.high.year, "Enter a year between %(low)s and %(high)s.")

# The ranges the directory accepts, each written once: the models' validators and
# constraints, the forms (and so the HTML's min and max, see bounded_formfield), the
# filters and the CSV take them from here.
PGY_MIN, PGY_MAX = 1, 8
PGY_VALIDATORS = [MinValueValidator(PGY_MIN), MaxValueValidator(PGY_MAX)]
# The longest stay, in weeks, an elective may list and a filter may ask for (two years).
MAX_WEEKS = 104
WEEKS_VALIDATORS = [MinValueValidator(1), MaxValueValidator(MAX_WEEKS)]
# How far ahead a host may need the paperwork: from none to the longest stay.
LEAD_TIME_VALIDATORS = [MinValueValidator(0), MaxValueValidator(MAX_WEEKS)]
MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]
http_url_validator = URLValidator(schemes=["http", "https"])
# Line breaks (including Unicode's) and other control characters: a title or a name that
# holds one adds a line to plain-text e-mails and breaks calendar files.
NOT_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters that change how the text around them is shown without showing themselves:
# bidirectional controls (a right-to-left override turns "gpj.exe" into "exe.jpg") and
# zero-width ones (two names that look the same but are not). In a name or a title they
# can only disguise it.
INVISIBLE = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]")


def validate_single_line(value):
    """For fields shown on one line; forms, the admin and the CSV rows take it from the model."""
    if NOT_ON_ONE_LINE.search(value):
        raise ValidationError(
            "Keep this on one line: remove line breaks and control characters.",
            code="single_line",
        )
    if INVISIBLE.search(value):
        raise ValidationError(
            "Remove the invisible characters (text-direction marks or zero-width spaces, "
            "often pasted along with text): they can make a name read as something else.",
            code="invisible_characters",
        )


def one_line(text):
    """Text stored before validate_single_line (or from a feed), made safe for one line
    (calendars, advisory headlines): line breaks become spaces, invisible characters go."""
    return " ".join(NOT_ON_ONE_LINE.sub(" ", INVISIBLE.sub("", text)).split())


def public_host_validator(value):
    """Refuse a URL whose host is on a private network or this machine (see addresses)."""
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return  # not a URL at all: URLValidator says so
    reason = host_refusal(host)
    if reason:
        raise ValidationError(
            "Enter a public web address: this one points at %(reason)s.",
            code="non_public_host",
            params={"reason": reason},
        )


class WebAddressField(models.URLField):
    """An http(s) address on the public internet. In forms (the admin, the CSV rows), an
    address typed without a scheme ("example.org") is taken as https://, the default
    Django 6 moves to."""

    default_validators = [*models.URLField.default_validators, public_host_validator]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def unique_slug(model, text, *, exclude_pk=None, max_length=200):
    """A slug made from text, with -2, -3 ... added until no other row has it."""
    base = slugify(text)[:max_length].strip("-") or "item"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


def value_bounds(model_field):
    """(lowest, highest) value the field's validators accept, None where unbounded; its
    validators include the database column's range."""
    lows = [v.limit_value for v in model_field.validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in model_field.validators if isinstance(v, MaxValueValidator)]
    return (max(lows) if lows else None), (min(highs) if highs else None)


def bounded_formfield(model_field, **kwargs):
    """A ModelForm's formfield_callback: a number field's min_value and max_value (and so
    the HTML input's min and max) are the bounds the model accepts, not the column type's
    (a PositiveSmallIntegerField alone offers min="0" for a PGY year that starts at 1)."""
    if isinstance(model_field, models.IntegerField):
        lowest, highest = value_bounds(model_field)
        kwargs = {"min_value": lowest, "max_value": highest, **kwargs}
    return model_field.formfield(**kwargs)


# Where an international elective may take place (the suggest form's and the admin's
# choices, and the countries a search understands): every country but the United States,
# and no uninhabited territory.
UNINHABITED = frozenset({"AQ", "BV", "GS", "HM", "IO", "TF", "UM"})
HOST_COUNTRIES = tuple(code for code in COUNTRIES if code not in UNINHABITED | {"US"})


class HostCountries(Countries):
    only = HOST_COUNTRIES
    # The site's renamings (settings.COUNTRIES_OVERRIDE) of these countries only: an
    # override of another code would add it back.
    override = {
        code: name for code, name in settings.COUNTRIES_OVERRIDE.items() if code in HOST_COUNTRIES
    }
