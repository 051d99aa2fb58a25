"""The State Department's travel advisories, one per country."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .fields import DATES, WebAddressField, http_url_validator, validate_single_line


class TravelAdvisoryQuerySet(models.QuerySet):
    def stale(self, today=None):
        return self.filter(issued__lt=(today or timezone.localdate()) - STALE_ADVISORY_AGE)

    def level_changed_since(self, when):
        return self.filter(level_changed_at__gt=when)

    def level_changed_recently(self, now=None):
        return self.level_changed_since((now or timezone.now()) - RECENT_LEVEL_CHANGE)


# An advisory older than this may no longer say what the State Department says now.
STALE_ADVISORY_AGE = datetime.timedelta(days=365)
# How long a change of level is news to residents who saved an elective in that country.
RECENT_LEVEL_CHANGE = datetime.timedelta(days=30)


class TravelAdvisory(models.Model):
    """The U.S. State Department's advisory for one country (from its RSS feed)."""

    class Level(models.IntegerChoices):
        NORMAL = 1, "Level 1: Exercise Normal Precautions"
        INCREASED = 2, "Level 2: Exercise Increased Caution"
        RECONSIDER = 3, "Level 3: Reconsider Travel"
        DO_NOT_TRAVEL = 4, "Level 4: Do Not Travel"

    country = CountryField(unique=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    headline = models.CharField(max_length=300, validators=[validate_single_line])
    issued = models.DateField(
        validators=DATES.validators(),
        help_text="The date the State Department gave the advisory.",
    )
    source_url = WebAddressField(max_length=500, validators=[http_url_validator])
    # Set by each import run (curators read it as "the feed was last read"), never by hand.
    imported_at = models.DateTimeField(default=timezone.now, editable=False)
    previous_level = models.PositiveSmallIntegerField(
        choices=Level.choices,
        null=True,
        blank=True,
        help_text="The level before the last change, as the import found it.",
    )
    level_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When an import found the level changed (residents who saved or "
        "subscribed to electives in this country are told).",
    )

    objects = TravelAdvisoryQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["imported_at"])

    class Meta:
        ordering = ["country"]
        verbose_name_plural = "travel advisories"
        constraints = [
            models.CheckConstraint(condition=Q(level__range=(1, 4)), name="advisory_level_1_to_4"),
            DATES.constraint("issued", name="advisory_issued_in_range"),
        ]

    def __str__(self):
        return f"{self.country.name}: {self.get_level_display()}"

    @property
    def is_warning(self):
        return warns(self.level)

    @property
    def is_stale(self):
        return timezone.localdate() - self.issued > STALE_ADVISORY_AGE

    def record_level(self, level, now):
        """Set the level; a change is remembered (previous level, when) for residents."""
        if self.pk is not None and level != self.level:
            self.previous_level, self.level_changed_at = self.level, now
        self.level = level

    @property
    def level_change(self):
        """ "Advisory for Kenya raised from Level 2 to Level 3 on 2 Dec 2026", or ""."""
        if self.previous_level is None or self.level_changed_at is None:
            return ""
        direction = "raised" if self.level > self.previous_level else "lowered"
        when = timezone.localdate(self.level_changed_at)
        return (
            f"Advisory for {self.country.name} {direction} from Level {self.previous_level} "
            f"to Level {self.level} on {when.day} {when:%b %Y}"
        )


def warns(level):
    """Whether an advisory level (None: none on file) calls for a warning in words: levels 3
    (reconsider travel) and 4 (do not travel). The one decision; the words are
    templates/includes/advisory_warning.html's."""
    return level is not None and level >= TravelAdvisory.Level.RECONSIDER
