"""The directory's models, a module per subject; everything is importable from here."""

from .advisories import (
    RECENT_LEVEL_CHANGE,
    STALE_ADVISORY_AGE,
    TravelAdvisory,
    TravelAdvisoryQuerySet,
)
from .content import ContentChange, ContentVersion
from .electives import (
    NEWEST_FIRST,
    Elective,
    ElectiveQuerySet,
    deadline_condition,
    deadline_status,
    months_before,
    published,
    reverify_before,
)
from .fields import (
    MAX_WEEKS,
    NOT_ON_ONE_LINE,
    PGY_VALIDATORS,
    WEEKS_VALIDATORS,
    WebAddressField,
    http_url_validator,
    one_line,
    public_host_validator,
    unique_slug,
    validate_single_line,
)
from .organizations import Organization
from .taxonomy import Language, Specialty, plain_language_name
from .vocabulary import (
    Category,
    DeadlineStatus,
    Fact,
    LinkState,
    Scope,
    Status,
    UnstatedFactsField,
    YesNo,
)

__all__ = [
    "MAX_WEEKS",
    "NEWEST_FIRST",
    "NOT_ON_ONE_LINE",
    "PGY_VALIDATORS",
    "RECENT_LEVEL_CHANGE",
    "STALE_ADVISORY_AGE",
    "WEEKS_VALIDATORS",
    "Category",
    "ContentChange",
    "ContentVersion",
    "DeadlineStatus",
    "Elective",
    "ElectiveQuerySet",
    "Fact",
    "Language",
    "LinkState",
    "Organization",
    "Scope",
    "Specialty",
    "Status",
    "TravelAdvisory",
    "TravelAdvisoryQuerySet",
    "UnstatedFactsField",
    "WebAddressField",
    "YesNo",
    "deadline_condition",
    "deadline_status",
    "http_url_validator",
    "months_before",
    "one_line",
    "plain_language_name",
    "public_host_validator",
    "published",
    "reverify_before",
    "unique_slug",
    "validate_single_line",
]
