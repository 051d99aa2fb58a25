"""Every e-mail the curation workflow sends goes through here."""

import logging

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def notify_curators(subject, body):
    """E-mail settings.CURATOR_EMAILS; returns how many messages went out (0 or 1)."""
    if not settings.CURATOR_EMAILS:
        logger.warning("CURATOR_EMAILS is empty: not sent: %s", subject)
        return 0
    return send_mail(f"[Electives Abroad] {subject}", body, None, settings.CURATOR_EMAILS)


def notify(address, subject, body):
    return send_mail(f"[Electives Abroad] {subject}", body, None, [address])


def submitter_address(elective):
    """Who hears about a send-back: whoever suggested it through /suggest/, or the sponsor
    editor who submitted it."""
    suggestion = getattr(elective, "suggestion", None)  # None when nobody suggested it
    if suggestion is not None:
        return suggestion.submitter_email
    if elective.submitted_by is not None and elective.submitted_by.email:
        return elective.submitted_by.email
    return ""
