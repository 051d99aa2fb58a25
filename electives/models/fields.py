"""Field rules the directory's models share: ranges, one-line text, public addresses, slugs."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.text import slugify
from django_countries import Countries
from django_countries.data import COUNTRIES

from ..addresses import host_refusal

PGY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(8)]
# The longest stay, in weeks, an elective may list and a filter may ask for (two years).
MAX_WEEKS = 104
WEEKS_VALIDATORS = [MinValueValidator(1), MaxValueValidator(MAX_WEEKS)]
http_url_validator = URLValidator(schemes=["http", "https"])
# Line breaks (including Unicode's) and other control characters: a title or a name that
# holds one adds a line to plain-text e-mails and breaks calendar files.
NOT_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def validate_single_line(value):
    """For fields shown on one line; forms, the admin and the CSV rows take it from the model."""
    if NOT_ON_ONE_LINE.search(value):
        raise ValidationError(
            "Keep this on one line: remove line breaks and control characters.",
            code="single_line",
        )


def one_line(text):
    """Text stored before validate_single_line, made safe for one line (calendars)."""
    return " ".join(NOT_ON_ONE_LINE.sub(" ", text).split())


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
