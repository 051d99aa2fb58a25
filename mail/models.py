from django.core.mail import EmailMultiAlternatives
from django.db import models


class OutgoingMailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def due(self, max_attempts):
        """What send_queued_mail still tries: unsent, and not yet given up on."""
        return self.unsent().filter(attempts__lt=max_attempts)


class OutgoingMail(models.Model):
    """One e-mail, written in the same transaction as the change it reports, so a change
    is never saved without its mail nor a mail sent about a change that was rolled back."""

    template = models.CharField(max_length=100, help_text="Which mail this is (its templates).")
    to = models.JSONField(help_text="Recipient addresses.")
    subject = models.CharField(max_length=255)
    text = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "outgoing mail"
        indexes = [
            # send_queued_mail's scan: the unsent rows, oldest first.
            models.Index(
                fields=["id"], condition=models.Q(sent_at__isnull=True), name="mail_unsent"
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    def message(self):
        message = EmailMultiAlternatives(
            subject=self.subject, body=self.text, to=self.to, headers=self.headers
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """What curators were told (notify_curators), kept whether or not any mail went out:
    an office without CURATOR_EMAILS still sees it in the admin."""

    template = models.CharField(max_length=100, help_text="Which notice this is.")
    what = models.CharField(max_length=255, help_text="What happened (the e-mail's subject).")
    url = models.CharField(
        max_length=500, blank=True, help_text="The admin page of what it is about."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The dashboard's unread count.
            models.Index(
                fields=["id"], condition=models.Q(read_at__isnull=True), name="notice_unread"
            ),
        ]

    def __str__(self):
        return self.what
