"""Sponsors re-verify their listings: request_reverification sends links, /verify/ answers."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from electives import workflow
from electives.models import Elective, months_before
from mail.models import OutgoingMail
from mail.outbox import deliver, notify_curators, send
from residents.models import ProblemReport

from .models import VERIFY_MAX_AGE_DAYS, VerificationRequest


def _email_or_blank(text):
    try:
        validate_email(text.strip())
    except ValidationError:
        return ""
    return text.strip()


def sponsor_address(elective):
    """The sponsor's contact when it is an e-mail address, else the elective's own."""
    return _email_or_blank(elective.organization.contact) or elective.contact_email


def open_requests():
    """Requests nobody answered whose link still works: their electives are asked about."""
    since = timezone.now() - datetime.timedelta(days=VERIFY_MAX_AGE_DAYS)
    return VerificationRequest.objects.filter(answered_at__isnull=True, sent_at__gte=since)


def not_asked_yet(electives):
    """Those of `electives` no open request asks about already."""
    return electives.exclude(verification_requests__in=open_requests())


def ask_sponsors(electives):
    """One VerificationRequest and e-mail per sponsor contact for those of `electives`
    (a queryset) no open request asks about; returns the new requests. Electives without
    any address to ask are left out (their sponsor gets no request)."""
    batches = defaultdict(list)
    for elective in (
        not_asked_yet(electives)
        .select_related("organization")
        .order_by("organization__name", "title")
    ):
        address = sponsor_address(elective)
        if address:
            batches[(elective.organization, address)].append(elective)
    created = []
    for (organization, address), batch in batches.items():
        with transaction.atomic():
            request = VerificationRequest.objects.create(organization=organization, email=address)
            request.electives.set(batch)
            request.mail = send(
                [address],
                "reverification_request",
                {
                    "organization": organization,
                    "electives": batch,
                    "verify_url": request.absolute_url(),
                    "max_age_days": VERIFY_MAX_AGE_DAYS,
                },
            )
            request.save(update_fields=["mail"])
        created.append(request)
    return created


def request_reverification(older_than_months=None, today=None):
    """Asks each sponsor contact about its published electives not verified since that
    many months (ask_sponsors); returns the new requests and the Delivery.

    Safe to re-run: electives an open request asks about already are not asked again, and
    an open request whose e-mail has not gone out yet has it sent now."""
    today = today or timezone.localdate()
    older_than_months = older_than_months or settings.REVERIFY_AFTER_MONTHS
    stale = Elective.objects.published().not_verified_since(months_before(today, older_than_months))
    created = ask_sponsors(stale)
    unsent = OutgoingMail.objects.filter(pk__in=open_requests().values("mail"))
    return created, deliver(unsent)


def report_change(elective, text, email):
    """A sponsor says a listing changed: a problem report for the curators, as a
    resident's would be, and the same e-mail to them."""
    report = ProblemReport.objects.create(
        elective=elective,
        kind=ProblemReport.Kind.OUTDATED,
        message=f"The sponsor ({email}) says this changed:\n{text}",
    )
    notify_curators("report_received", {"report": report, "elective": elective})


def apply_answers(request, answers):
    """answers: {elective: text or None}; None means still accurate (verified today).

    Returns False, changing nothing, when the link was answered already: by a parallel
    submission of the same form too (a double click, a mail scanner replaying it).
    """
    today = timezone.localdate()
    with transaction.atomic():
        # The link is taken first, by one conditional UPDATE: a parallel answer waits for
        # this transaction here, then finds the link used.
        request.answered_at = timezone.now()
        taken = VerificationRequest.objects.filter(pk=request.pk, answered_at__isnull=True)
        if not taken.update(answered_at=request.answered_at):
            return False
        for elective, change in answers.items():
            if change:
                report_change(elective, change, request.email)
            else:
                elective.last_verified = today
                elective._change_reason = f"verified by the sponsor ({request.email})"
                elective.save()
    return True


def expire_stale(months=24, today=None):
    """Published electives not verified for `months` go back to review; returns how many."""
    today = today or timezone.localdate()
    moved = 0
    for elective in Elective.objects.published().not_verified_since(months_before(today, months)):
        workflow.expire(elective, months, today)
        moved += 1
    return moved
