"""The directory's choices: categories, statuses, scopes, unstated facts, link states."""

from django import forms
from django.db import models


class Category(models.TextChoices):
    CLINICAL = "clinical", "Clinical elective"
    COMMUNITY_HEALTH = "community-health", "Community health elective"
    RESEARCH = "research", "Research project"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in-review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Scope(models.TextChoices):
    HANDS_ON = "hands-on", "Hands-on"
    OBSERVERSHIP = "observership", "Observership"
    RESEARCH_ONLY = "research-only", "Research only"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class Accreditation(models.TextChoices):
    """Whether the site is a hospital accredited by a recognised body (issue 26)."""

    JCI = "jci", "Accredited by Joint Commission International"
    NATIONAL = "national", "Accredited by a national body"
    NONE = "none", "Not accredited"


class Insurance(models.TextChoices):
    """What the host says of one kind of insurance."""

    PROVIDED = "provided", "Provided by the host"
    REQUIRED = "required", "Required (the resident arranges it)"
    NOT_REQUIRED = "not-required", "Not required by the host"


class Fact(models.TextChoices):
    """Facts a suggestion may leave unsaid: stored defaults (no housing, any PGY, rolling
    deadline...) would read as facts, so the elective records which ones nobody stated."""

    HOUSING = "housing", "housing"
    PGY = "pgy", "PGY"
    SPECIALTIES = "specialties", "specialties"
    LANGUAGES = "languages", "languages"
    DEADLINE = "deadline", "deadline"

    @property
    def fields(self):
        """The elective's fields that state it: setting one of them states the fact."""
        return {"pgy": ["pgy_min", "pgy_max"]}.get(self.value, [self.value])


class UnstatedFactsField(models.JSONField):
    """A list of Fact values; ticked boxes in forms."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=Fact.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )


class LinkState(models.TextChoices):
    """What check_links found at an elective's URL (the admin's "link" filter)."""

    OK = "ok", "Working"
    BROKEN = "broken", "Broken"
    UNCHECKED = "unchecked", "Not checked yet"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    ROLLING = "rolling", "Rolling admission"
    CLOSED = "closed", "Closed for this cycle"
    # An elective's deadline nobody stated (Elective.unstated): not a date's status, so the
    # filters and the JSON's deadline_status never give it.
    NOT_STATED = "not-stated", "Deadline not stated"
