from django.db import models

from electives.models import Elective, Organization
from mail.links import SignedLink

# A re-verification link works this long after it was sent.
VERIFY_MAX_AGE_DAYS = 30


class VerificationRequest(SignedLink, models.Model):
    """One e-mail from request_reverification: a sponsor contact asked to confirm a batch."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="verification_requests"
    )
    email = models.EmailField()
    electives = models.ManyToManyField(Elective, related_name="verification_requests")
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The e-mail that carries the link: request_reverification sends it again while unsent.
    mail = models.ForeignKey(
        "mail.OutgoingMail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    link_salt = "curation.verify"
    link_max_age_days = VERIFY_MAX_AGE_DAYS
    link_url_name = "curation:verify"
    link_related = ("organization",)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.organization} ({self.email}, {self.sent_at:%Y-%m-%d})"
