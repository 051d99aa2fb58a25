"""Every e-mail the resident tools send: text and HTML parts from one pair of templates.

Mail goes out only after the data it reports on is committed, with the SMTP backend's
EMAIL_TIMEOUT, and a failure is logged, never raised: a mail server that is down or slow
never loses a suggestion, report or subscription and never holds a form for long.
"""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def absolute(path):
    return urljoin(settings.SITE_URL + "/", path.lstrip("/"))


def send_now(to, template, context, *, headers=None):
    """Send templates/residents/email/<template>.{txt,html} (the subject is the text's
    first line). Returns whether the message went out."""
    context = {**context, "site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}
    subject, _, body = render_to_string(f"residents/email/{template}.txt", context).partition("\n")
    message = EmailMultiAlternatives(
        subject=subject.strip(), body=body.lstrip("\n"), to=list(to), headers=headers or {}
    )
    message.attach_alternative(
        render_to_string(f"residents/email/{template}.html", context), "text/html"
    )
    try:
        message.send()
    except Exception:
        logger.exception("E-mail %r to %s not sent", template, ", ".join(to))
        return False
    return True


def send_after_commit(to, template, context, *, headers=None):
    transaction.on_commit(lambda: send_now(to, template, context, headers=headers))


def curators(about):
    """The one place that knows who the curators are (CURATOR_EMAILS), for every
    notification; says in the log when nobody is configured to hear `about`."""
    if not settings.CURATOR_EMAILS:
        logger.warning("CURATOR_EMAILS is empty: nobody was told about %s", about)
    return list(settings.CURATOR_EMAILS)


def notify_curators(template, context):
    if to := curators(repr(template)):
        send_after_commit(to, template, context)
