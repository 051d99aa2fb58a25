"""The project's one way to send e-mail: queue it with the change, deliver it later.

`send` renders templates/mail/<template>_subject.txt, <template>.txt and <template>.html
and writes an OutgoingMail row in the caller's transaction. Nothing talks to the mail
server there, so a server that is down or slow never turns a saved change into an error
and never holds a form. Delivery happens afterwards:

- from a web request, by one background thread per process (`courier`), handed the ids
  the request committed once its response has gone out. A request never waits on the mail
  server: one that accepts and never answers holds that thread, for at most EMAIL_TIMEOUT
  seconds a try, and no request's thread. The hand-over is bounded: when the thread is
  behind (MAIL_WORKER_QUEUE requests' mail waiting), or the mail server has just failed,
  the mail simply stays queued in the database. A process that dies loses nothing either,
  since the rows are already in the database;
- commands deliver what they queued themselves, to report what went out;
- `send_queued_mail`, scheduled every minute, delivers whatever is still unsent.

A failed send is logged and its row stays queued with the error.
"""

import logging
import queue
import smtplib
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import get_connection
from django.core.management.base import CommandError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import Notice, OutgoingMail

logger = logging.getLogger(__name__)

# Long enough for any subject we write; a pasted essay as a title is cut, not refused.
SUBJECT_MAX_LENGTH = 150
# Failures of one message: the next message may still go out over the same connection.
# Anything else (refused connection, timeout, dropped connection) is the server's, and the
# rest waits for the next run.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    ValueError,
)

# How many requests' mail may wait for the courier; beyond that, for send_queued_mail.
MAIL_WORKER_QUEUE = 100

# Per thread: None outside a web request, else the ids queued by it and committed.
_request = threading.local()


def absolute(path):
    return urljoin(settings.SITE_URL + "/", path.lstrip("/"))


def safe_subject(text):
    """One header line whatever the text: control characters (CR and LF among them) and
    Unicode line breaks become spaces, runs of spaces one, and the length is bounded."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in text
    )
    text = " ".join(text.split())
    if len(text) > SUBJECT_MAX_LENGTH:
        text = text[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return text


def subject(template, context):
    return safe_subject(render_to_string(f"mail/{template}_subject.txt", context))


def send(to, template, context, *, headers=None):
    """Queue one e-mail in the current transaction; returns its OutgoingMail (None when
    there is nobody to send to)."""
    to = [address for address in to if address]
    if not to:
        return None
    context = {**context, "site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}
    context["subject"] = subject(template, context)
    mail = OutgoingMail.objects.create(
        template=template,
        to=to,
        subject=context["subject"],
        text=render_to_string(f"mail/{template}.txt", context),
        html=render_to_string(f"mail/{template}.html", context),
        headers=headers or {},
    )
    if _in_request():
        transaction.on_commit(partial(_committed, mail.pk))
    return mail


def curators(about):
    """The one place that knows who the curators are (CURATOR_EMAILS), for every
    notification; says in the log when nobody is configured to hear `about`."""
    if not settings.CURATOR_EMAILS:
        logger.warning("CURATOR_EMAILS is empty: nobody was told about %s", about)
    return list(settings.CURATOR_EMAILS)


def notify_curators(template, context, *, notice=True):
    """E-mail the curators and, unless `notice` is off, list it among the admin's notices
    (linked to the admin page of the first object in `context` that has one)."""
    if notice:
        site = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}
        Notice.objects.create(
            template=template,
            what=subject(template, {**context, **site}),
            url=next(filter(None, map(admin_url, context.values())), ""),
        )
    return send(curators(repr(template)), template, context)


def admin_url(value):
    """The admin change page of a model instance, or "" when it has none."""
    opts = getattr(value, "_meta", None)
    if opts is None or getattr(value, "pk", None) is None:
        return ""
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[value.pk])
    except NoReverseMatch:
        return ""


@dataclass
class Delivery:
    sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # tried and still queued
    server_failed: bool = False  # the server itself (down, hanging), not one message

    def raise_if_failed(self):
        """For the commands that send: a non-zero exit naming what failed."""
        if self.failed:
            errors = "; ".join(f"#{m.pk} to {', '.join(m.to)}: {m.last_error}" for m in self.failed)
            raise CommandError(
                f"{len(self.failed)} e-mail(s) not sent, kept queued for send_queued_mail: {errors}"
            )


def deliver(mails, *, budget=None):
    """Send the unsent among `mails` (a queryset of OutgoingMail) over one connection.

    Rows another process is sending are skipped (row locks, SKIP LOCKED), so concurrent
    runs never send a message twice. Stops at the first failure of the server itself, or
    once `budget` seconds have gone; what was not tried stays queued.
    """
    deadline = None if budget is None else time.monotonic() + budget
    delivery = Delivery()
    with transaction.atomic():
        claimed = mails.unsent().select_for_update(skip_locked=True).order_by("pk")
        connection = get_connection()
        try:
            for mail in claimed:
                if deadline is not None and time.monotonic() > deadline:
                    break
                mail.attempts += 1
                try:
                    connection.open()
                    connection.send_messages([mail.message()])
                except Exception as error:
                    mail.last_error = f"{type(error).__name__}: {error}"[:1000]
                    mail.save(update_fields=["attempts", "last_error"])
                    delivery.failed.append(mail)
                    logger.warning(
                        "E-mail %s (%s to %s) not sent, kept queued: %s",
                        mail.pk,
                        mail.template,
                        ", ".join(mail.to),
                        mail.last_error,
                    )
                    if not isinstance(error, MESSAGE_ERRORS):
                        delivery.server_failed = True
                        break
                else:
                    mail.sent_at = timezone.now()
                    mail.last_error = ""
                    mail.save(update_fields=["attempts", "sent_at", "last_error"])
                    delivery.sent.append(mail)
        finally:
            try:
                connection.close()
            except Exception:  # a connection the server already dropped
                logger.debug("Closing the mail connection failed", exc_info=True)
    return delivery


class Courier:
    """One daemon thread delivering what requests committed, from a bounded queue.

    Started on first use in each process (a thread does not survive gunicorn's fork).
    After a failure of the mail server itself, whatever waits is left to send_queued_mail
    rather than tried again at once: a hanging server costs EMAIL_TIMEOUT per try.
    """

    def __init__(self, size=MAIL_WORKER_QUEUE):
        self.queue = queue.Queue(size)
        self.thread = None
        self.starting = threading.Lock()
        self.unfinished = 0
        self.changed = threading.Condition()

    def take(self, pks):
        """Hand over one request's mail; False (it stays queued) when the courier is behind."""
        self._start()
        with self.changed:
            try:
                self.queue.put_nowait(list(pks))
            except queue.Full:
                logger.warning("Mail courier behind: e-mails %s left to send_queued_mail", pks)
                return False
            self.unfinished += 1
        return True

    def wait_idle(self, timeout):
        """For tests and shutdown: True once everything handed over was dealt with."""
        with self.changed:
            return self.changed.wait_for(lambda: self.unfinished == 0, timeout)

    def _start(self):
        with self.starting:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="mail-courier", daemon=True)
                self.thread.start()

    def _run(self):
        while True:
            batch = self.queue.get()
            try:
                delivery = deliver(
                    OutgoingMail.objects.filter(pk__in=batch), budget=settings.EMAIL_TIMEOUT
                )
                if delivery.server_failed:
                    self._leave_waiting()
            except Exception:  # the database, say: send_queued_mail delivers them later
                logger.exception("E-mails %s left queued by the courier", batch)
            finally:
                connections.close_all()  # this thread's own connections only
                self._done(1)

    def _leave_waiting(self):
        left = 0
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                break
            left += 1
        if left:
            logger.warning(
                "Mail server failing: %s request(s)' mail left to send_queued_mail", left
            )
            self._done(left)

    def _done(self, count):
        with self.changed:
            self.unfinished -= count
            self.changed.notify_all()


courier = Courier()


def _in_request():
    return getattr(_request, "committed", None) is not None


def _committed(pk):
    if _in_request():
        _request.committed.append(pk)
    else:  # committed after the response (the test client's captured callbacks)
        deliver(OutgoingMail.objects.filter(pk=pk))


def _request_started(**kwargs):
    _request.committed = []


def _request_finished(**kwargs):
    committed, _request.committed = getattr(_request, "committed", None), None
    if committed:
        courier.take(committed)


def connect_signals():
    request_started.connect(_request_started, dispatch_uid="mail-request-started")
    # Ahead of Django's close_old_connections, so delivery reuses the request's database
    # connection and it is then closed or kept as after any request.
    request_finished.disconnect(close_old_connections)
    request_finished.connect(_request_finished, dispatch_uid="mail-request-finished")
    request_finished.connect(close_old_connections)
