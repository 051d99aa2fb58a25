"""An institution's travel policy (settings ADVISORY_POLICY_MAX_LEVEL and
ADVISORY_POLICY_COUNTRIES): which electives it would not approve without an appeal.

A setting, the same for every visitor, so pages that mark electives stay cacheable.
"""

from django.conf import settings
from django_countries import countries


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
    if highest is not None and advisory_level is not None and advisory_level > highest:
        over = "Level 4 countries" if highest == 3 else f"Level {highest + 1}–4 countries"
        return (
            f"Your institution's policy does not allow travel to {over} without an appeal "
            f"(this country is Level {advisory_level})."
        )
    return ""
