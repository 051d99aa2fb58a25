"""Specialties and languages, as residents filter by them."""

from django.db import models
from simple_history.models import HistoricalRecords

from .fields import validate_single_line


class Specialty(models.Model):
    name = models.CharField(max_length=100, unique=True, validators=[validate_single_line])
    slug = models.SlugField(max_length=100, unique=True)
    aliases = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_single_line],
        help_text=(
            "Other names residents search for, separated by commas: "
            "peds, paediatrics, pediatric. The search finds this specialty's electives by them."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name


class Language(models.Model):
    """An ISO 639-1 language; the migration loads the whole standard."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=100, validators=[validate_single_line])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def plain_name(self):
        return plain_language_name(self.name)


def plain_language_name(name):
    """ISO 639's name as a resident says it: "Nepali (macrolanguage)" is "Nepali"."""
    return name.split(" (")[0]
