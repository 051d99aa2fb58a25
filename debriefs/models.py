"""Debriefs: what returning residents report about an elective, moderated before it shows."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from electives.models import (
    MONTH_VALIDATORS,
    PGY_MAX,
    PGY_MIN,
    PGY_VALIDATORS,
    WEEKS_VALIDATORS,
    YEARS,
    Bounds,
    Elective,
    Specialty,
    YesNo,
    validate_single_line,
)
from mail.links import SignedLink

# A debrief link works this long after it was e-mailed, once.
LINK_MAX_AGE_DAYS = 60
# Debriefs of electives done longer ago than this are marked: the place may have changed.
OLD_AFTER_YEARS = 3
# The year a participant started: the site's years, from when debriefs are still of use.
STARTED_YEARS = Bounds(1990, YEARS.high, YEARS.message)


class DebriefQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Debrief.Status.PUBLISHED)

    def in_review(self):
        return self.filter(status=Debrief.Status.IN_REVIEW)

    def newest_first(self):
        """By when the elective took place, the latest first."""
        return self.order_by("-year", "-month", "-published_at", "-id")


class Debrief(models.Model):
    class Status(models.TextChoices):
        IN_REVIEW = "in-review", "In review"
        PUBLISHED = "published", "Published"
        SENT_BACK = "sent-back", "Sent back"
        REJECTED = "rejected", "Rejected"

    class Role(models.TextChoices):
        HANDS_ON = "hands-on", "Hands-on: I cared for patients"
        OBSERVING = "observing", "Mostly observing"

    class Supervision(models.TextChoices):
        CONSTANT = "constant", "Always someone with me"
        DAILY = "daily", "Daily check-ins"
        WEEKLY = "weekly", "About weekly"
        RARELY = "rarely", "Rarely or never"

    elective = models.ForeignKey(Elective, on_delete=models.CASCADE, related_name="debriefs")
    email = models.EmailField(help_text="The participant's address. Never shown on the site.")
    month = models.PositiveSmallIntegerField("month you started", validators=MONTH_VALIDATORS)
    year = models.PositiveSmallIntegerField(
        "year you started", validators=STARTED_YEARS.validators()
    )
    pgy = models.PositiveSmallIntegerField("your PGY year then", validators=PGY_VALIDATORS)
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, related_name="debriefs", verbose_name="your specialty"
    )
    weeks = models.PositiveSmallIntegerField("weeks you stayed", validators=WEEKS_VALIDATORS)
    supervisor = models.CharField(
        "who supervised you",
        max_length=200,
        validators=[validate_single_line],
        help_text="A role is enough: “a local surgeon”.",
    )
    supervision = models.CharField(
        "how often you were supervised", max_length=10, choices=Supervision.choices
    )
    patients_per_day = models.PositiveSmallIntegerField(
        "patients you saw on a usual day",
        null=True,
        blank=True,
        validators=[MaxValueValidator(500)],
        help_text="A rough number; leave empty if it varied too much to say.",
    )
    role = models.CharField("hands-on or observing", max_length=10, choices=Role.choices)
    total_cost_usd = models.PositiveIntegerField(
        "what it cost you in total (USD)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(200_000)],
        help_text="Fee, housing, flights and visa together. Leave empty if you don't know.",
    )
    fee_usd = models.PositiveIntegerField(
        "of which the program fee", null=True, blank=True, validators=[MaxValueValidator(200_000)]
    )
    housing_usd = models.PositiveIntegerField(
        "of which housing", null=True, blank=True, validators=[MaxValueValidator(200_000)]
    )
    flights_usd = models.PositiveIntegerField(
        "of which flights", null=True, blank=True, validators=[MaxValueValidator(200_000)]
    )
    visa_usd = models.PositiveIntegerField(
        "of which visa and permits",
        null=True,
        blank=True,
        validators=[MaxValueValidator(200_000)],
    )
    housing = models.TextField(
        "where you stayed", max_length=1000, help_text="And whether you would stay there again."
    )
    safety_incident = models.BooleanField(
        "did anything happen that put your safety at risk?", default=False
    )
    safety_details = models.TextField(
        "what happened", max_length=2000, blank=True, help_text="No names, please."
    )
    credit_granted = models.CharField(
        "did your home program grant credit?", max_length=3, choices=YesNo.choices
    )
    would_go_again = models.BooleanField("would you go again?")
    text = models.TextField(
        "anything else residents should know",
        max_length=5000,
        blank=True,
        help_text="Please leave out patients' details.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.IN_REVIEW, db_index=True
    )
    review_note = models.TextField(
        blank=True, help_text="For the participant: why it was sent back. Never public."
    )
    reply = models.TextField(
        "the sponsor's reply",
        max_length=3000,
        blank=True,
        help_text="Shown under the published debrief as soon as it is saved.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DebriefQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["email"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__range=(1, 12)), name="debrief_month_1_to_12"
            ),
            models.CheckConstraint(
                condition=models.Q(pgy__range=(PGY_MIN, PGY_MAX)), name="debrief_pgy_1_to_8"
            ),
            STARTED_YEARS.constraint("year", name="debrief_year_in_range"),
        ]
        indexes = [
            # The detail page's and the JSON's published debriefs of some electives.
            models.Index(fields=["elective", "status"], name="debrief_elective_idx"),
        ]

    def __str__(self):
        return f"{self.elective.title}, {self.month:02}/{self.year}"

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def started(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def is_old(self):
        today = timezone.localdate()
        return (today.year - self.year) * 12 + today.month - self.month > OLD_AFTER_YEARS * 12

    def cost_parts(self):
        """(label, amount) of the parts of the cost the participant gave."""
        parts = [
            ("fee", self.fee_usd),
            ("housing", self.housing_usd),
            ("flights", self.flights_usd),
            ("visa", self.visa_usd),
        ]
        return [(label, amount) for label, amount in parts if amount is not None]


class DebriefLinkQuerySet(models.QuerySet):
    def waiting_for_approval(self):
        """Asked for by a resident, not yet approved (sent) by a curator."""
        return self.filter(requested_at__isnull=False, sent_at__isnull=True)


class DebriefLink(SignedLink, models.Model):
    """One participant's way to the debrief form: a signed, single-use, expiring link.

    A curator or the sponsor sends it from the admin; or a resident asks for one on the
    elective's page, and it is e-mailed once a curator approves the request."""

    elective = models.ForeignKey(Elective, on_delete=models.CASCADE, related_name="debrief_links")
    email = models.EmailField("participant's e-mail address")
    note = models.TextField(
        "the resident's note", max_length=1000, blank=True, help_text="When they went, and how."
    )
    debrief = models.ForeignKey(
        Debrief,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links",
        help_text="The debrief the link edits (one sent back), or the one it made.",
    )
    requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DebriefLinkQuerySet.as_manager()

    link_salt = "debriefs.link"
    link_max_age_days = LINK_MAX_AGE_DAYS
    link_url_name = "debriefs:form"
    link_related = ("elective", "debrief")

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The admin's "requests waiting for approval".
            models.Index(fields=["sent_at", "requested_at"], name="debrief_link_waiting_idx"),
        ]

    def __str__(self):
        return f"{self.elective.title}: {self.email}"
