"""Sponsors: the organizations that host electives."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .fields import WebAddressField, http_url_validator, unique_slug, validate_single_line


class Organization(models.Model):
    class Kind(models.TextChoices):
        ACADEMIC = "academic", "Academic"
        NGO = "ngo", "Non-governmental organization"
        GOVERNMENT = "government", "Government"
        HOSPITAL = "hospital", "Hospital"
        FAITH_BASED = "faith-based", "Faith-based"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True, validators=[validate_single_line])
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = WebAddressField(blank=True, validators=[http_url_validator])
    country = CountryField(blank=True, help_text="Where the sponsor is based.")
    description = models.TextField(blank=True)
    contact = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text="A person, e-mail address or phone number.",
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_organizations",
        help_text=(
            "Sponsor staff who may edit this sponsor's profile and electives in the admin "
            "and submit new ones for review (also add them to the Sponsor editors group)."
        ),
    )

    # Who edits a sponsor is not kept in its history: a many-to-many field is kept only when
    # listed in m2m_fields. Never list it in excluded_fields: django-simple-history then
    # rebuilds every old version from today's row (its get_instance reads the excluded
    # columns, and with only a many-to-many field excluded, that is all of them).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organization, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("electives:organization", args=[self.slug])
