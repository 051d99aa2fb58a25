import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone

from electives.models import MOMENTS, Elective, validate_single_line
from mail.links import SignedLink


def new_token():
    # 256 random bits: the only key to an alert, so it must not be guessable.
    return secrets.token_urlsafe(32)


# A suggestion's first history record has no user: its change reason says who made it
# (templates/simple_history/object_history_list.html shows it under "Changed by").
SUGGESTED_BY_THE_PUBLIC = "suggested by the public"
NAMED_IN_A_SUGGESTION = "named in a suggestion from the public"


class Suggestion(models.Model):
    """Who proposed an in-review elective through /suggest/: for curators' eyes only."""

    elective = models.OneToOneField(Elective, on_delete=models.CASCADE, related_name="suggestion")
    submitter_name = models.CharField(max_length=100, validators=[validate_single_line])
    submitter_email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.elective.title} (suggested by {self.submitter_name})"


# How long a send-back's correction link works.
CORRECTION_MAX_AGE_DAYS = 30
CORRECTED_BY_THE_PUBLIC = "corrected by the public (send-back link)"


class SuggestionCorrection(SignedLink, models.Model):
    """A send-back of a suggestion: the curator's note and the signed, single-use link,
    e-mailed to the submitter (who has no account), to the page where they correct it."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(help_text="The curator's note: what must change.")
    sent_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    link_salt = "residents.correct-suggestion"
    link_max_age_days = CORRECTION_MAX_AGE_DAYS
    link_url_name = "residents:correct-suggestion"
    link_related = ("suggestion__elective__organization",)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.suggestion} (sent back {self.sent_at:%Y-%m-%d})"


class ProblemReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class ProblemReport(models.Model):
    class Kind(models.TextChoices):
        BROKEN_LINK = "broken-link", "Broken link"
        OUTDATED = "outdated", "Outdated information"
        SAFETY = "safety", "Safety concern"
        OTHER = "other", "Other"

    elective = models.ForeignKey(Elective, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(
        null=True,
        blank=True,
        validators=MOMENTS.validators(),
        help_text="Set when a curator has dealt with the report.",
    )

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # The admin's and the review digest's "open reports, oldest first".
            models.Index(fields=["resolved_at", "created_at"], name="report_open_idx"),
        ]
        constraints = [MOMENTS.constraint("resolved_at", name="report_resolved_at_in_range")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.elective.title}"


class Alert(models.Model):
    """An address subscribed to new matches of one search. Nothing else is kept."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    email = models.EmailField()
    query = models.CharField(
        max_length=2000, blank=True, help_text="The search's normalised query string."
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text="The last send_alerts run that looked for new matches."
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["email", "query"], name="one_alert_per_search")
        ]
        indexes = [
            # send_alerts: confirmed alerts of one frequency.
            models.Index(fields=["frequency", "confirmed_at"], name="alert_due_idx"),
        ]

    def __str__(self):
        return f"{self.email}: {self.query or 'every elective'}"

    def get_absolute_url(self):
        return reverse("residents:alert", args=[self.token])

    @property
    def since(self):
        """New matches are electives published after this moment (see send_alerts)."""
        return self.checked_at or self.confirmed_at or self.created_at

    def confirm(self):
        if self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])
