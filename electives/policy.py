"""An institution's travel policy (settings ADVISORY_POLICY_MAX_LEVEL and
ADVISORY_POLICY_COUNTRIES): which electives it would not approve without an appeal.

A setting, the same for every visitor, so pages that mark electives stay cacheable.
"""

from django.conf import settings
from django.utils.functional import lazy
from django_countries import countries


def unknown_excluded():
    """ADVISORY_POLICY_UNKNOWN: whether a country with no advisory on file counts as over
    the limit (advisory_max and the policy), or passes (the default)."""
    return settings.ADVISORY_POLICY_UNKNOWN == "exclude"


def _unknown_rule(included, excluded):
    return lazy(lambda: excluded if unknown_excluded() else included, str)()


# The advisory_max filter's words, which say how it treats countries with no advisory.
ADVISORY_MAX_CHIP = _unknown_rule(
    "Advisory level {} or lower, and countries with no advisory on file",
    "Advisory level {} or lower; countries with no advisory on file left out",
)
ADVISORY_MAX_HELP = _unknown_rule(
    "Countries with no State Department advisory on file are included.",
    "Countries with no State Department advisory on file are left out, as your "
    "institution's policy treats them as over the limit.",
)


def policy_concern(country_code, advisory_level):
    """Why the institution's policy stands in the way of an elective in this country with
    this advisory level (None: no advisory on file), or "" when it does not."""
    code = str(country_code).upper()
    if code in settings.ADVISORY_POLICY_COUNTRIES:
        return (
            "Your institution's policy does not allow electives in "
            f"{countries.name(code)} without an appeal."
        )
    highest = settings.ADVISORY_POLICY_MAX_LEVEL
    if highest is not None and advisory_level is None and unknown_excluded():
        return (
            "Your institution's policy treats a country with no State Department advisory on "
            f"file as over its limit, and there is none on file for {countries.name(code)}."
        )
    if highest is not None and advisory_level is not None and advisory_level > highest:
        over = "Level 4 countries" if highest == 3 else f"Level {highest + 1}–4 countries"
        return (
            f"Your institution's policy does not allow travel to {over} without an appeal "
            f"(this country is Level {advisory_level})."
        )
    return ""
