from django.core import signing
from django.db import models
from django.urls import reverse

from electives.models import Elective, Organization
from mail.outbox import absolute

# A re-verification link works this long after it was sent.
VERIFY_MAX_AGE_DAYS = 30
_signer = signing.TimestampSigner(salt="curation.verify")


class VerificationRequest(models.Model):
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

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.organization} ({self.email}, {self.sent_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("curation:verify", args=[self.token])

    @property
    def token(self):
        return _signer.sign(str(self.pk))

    def absolute_url(self):
        return absolute(self.get_absolute_url())

    @classmethod
    def from_token(cls, token):
        """The request a token names; signing.SignatureExpired / BadSignature /
        DoesNotExist say why not."""
        pk = _signer.unsign(token, max_age=VERIFY_MAX_AGE_DAYS * 86400)
        return cls.objects.select_related("organization").get(pk=int(pk))
