"""The shortlist: slugs kept in the visitor's browser, no account.

A signed, HttpOnly cookie is what the server trusts; a plain companion cookie holds the
same slugs for static/js/shortlist.js to show which electives are saved. Both are
SameSite=Lax. The pages that show Save buttons never read either, so they stay the same
for every visitor and cacheable whole.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import slug_re

from electives.models import Elective, TravelAdvisory

COOKIE = "shortlist"
JS_COOKIE = "shortlist_saved"
SALT = "residents.shortlist"
MAX_ENTRIES = 50
# Browsers drop a cookie over 4,096 bytes without a word; long slugs could reach that
# before 50 entries.
MAX_COOKIE_BYTES = 3500
# Slugs never contain dots, and a dot needs no quoting in a cookie (a comma does).
SEPARATOR = "."
ONE_YEAR = 365 * 24 * 3600


class NotASlug(ValueError):
    """Text from a request that cannot be an elective's slug: refused before any query
    (PostgreSQL refuses a NUL character outright)."""


def checked_slug(text):
    """A slug as typed, lowercased; NotASlug (with a message for the visitor) if it is not one."""
    slug = text.strip().lower()
    if slug and not slug_re.match(slug):
        shown = slug.encode("unicode_escape").decode()[:60]
        raise NotASlug(
            f"“{shown}” is not an elective's address: it is made of letters, digits and "
            "hyphens, as in /electives/rural-medicine-kisumu/."
        )
    return slug


def parse(text):
    """Unique slugs from `a,b` (a shared link) or `a.b` (the cookie), in their order."""
    slugs = []
    for part in text.replace(SEPARATOR, ",").split(","):
        slug = checked_slug(part)
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs


def slugs_from_params(params, name="e"):
    """`?e=a,b` or `?e=a&e=b` (what a form of checkboxes sends), in order."""
    return parse(",".join(params.getlist(name)))


def read(request):
    value = request.get_signed_cookie(COOKIE, default="", salt=SALT)
    try:
        return parse(value)[:MAX_ENTRIES]
    except NotASlug:  # only this site signs the cookie, so never in practice
        return []


def write(response, slugs):
    value = SEPARATOR.join(slugs)
    options = {
        "max_age": ONE_YEAR,
        "samesite": "Lax",
        "secure": settings.SESSION_COOKIE_SECURE,
    }
    if slugs:
        response.set_signed_cookie(COOKIE, value, salt=SALT, httponly=True, **options)
        response.set_cookie(JS_COOKIE, value, httponly=False, **options)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
        response.delete_cookie(JS_COOKIE, samesite="Lax")


def fits(slugs):
    return len(slugs) <= MAX_ENTRIES and len(SEPARATOR.join(slugs)) <= MAX_COOKIE_BYTES


@dataclass
class Shortlist:
    listed: list  # published electives, in the shortlist's order
    # The other slugs, in order: an elective that is not published (a draft, one in review,
    # archived) and a slug that names nothing look the same, and what they name is never
    # shown: a link's `?e=` would otherwise read drafts' titles.
    left_out: list
    # {country code: "Advisory for Kenya raised from Level 2 to Level 3 on 2 Dec 2026"}
    # for the listed electives' countries whose level changed recently.
    advisory_changes: dict

    @property
    def slugs(self):
        return [elective.slug for elective in self.listed]

    @property
    def rows(self):
        """(elective, its country's recent advisory change or "") for each listed one."""
        return [(e, self.advisory_changes.get(e.country.code, "")) for e in self.listed]

    @property
    def left_out_note(self):
        """How many were left out, never which: the same words on every surface."""
        count = len(self.left_out)
        if count == 1:
            return "1 of the electives asked for is not listed, so it was left out."
        return f"{count} of the electives asked for are not listed, so they were left out."


def resolve(slugs):
    """Sort slugs into the published electives they name and the rest."""
    found = {
        elective.slug: elective
        for elective in Elective.objects.published()
        .filter(slug__in=slugs)
        .select_related("organization")
        .prefetch_related("specialties", "languages")
        .with_advisory()
    }
    listed = [found[slug] for slug in slugs if slug in found]
    left_out = [slug for slug in slugs if slug not in found]
    # One query, whatever the number of electives. The note depends on the data alone, not
    # on who asks, so a shared shortlist stays cacheable.
    changed = TravelAdvisory.objects.level_changed_recently().filter(
        country__in={elective.country.code for elective in listed}
    )
    changes = {advisory.country.code: advisory.level_change for advisory in changed}
    return Shortlist(listed, left_out, changes)
