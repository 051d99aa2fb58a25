"""The curators' review digest (send_review_digest)."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from electives.access import PUBLISH_PERMISSION
from electives.models import Elective, published
from mail.models import OutgoingMail
from mail.outbox import Delivery, absolute, deliver, notify_curators

from .dashboard import open_problem_reports
from .workflow import waiting_for_review

DIGEST = "review_digest"


def sponsor_edits(since):
    """Changes to published electives by users who are not curators, newest first."""
    records = (
        Elective.history.filter(published(), history_date__gte=since, history_user__isnull=False)
        .select_related("history_user")
        .order_by("-history_date")
    )
    # Each editor's permissions once, not once per record (has_perm queries per instance).
    curator = {}
    for record in records:
        user = record.history_user
        if user.pk not in curator:
            curator[user.pk] = user.has_perm(PUBLISH_PERMISSION)
    return [r for r in records if not curator[r.history_user.pk]]


def _admin_url(name, *args):
    return absolute(reverse(name, args=args))


def digest_text(days=1, now=None):
    """The digest's body, or "" when nothing waits."""
    now = now or timezone.now()
    sections = []
    waiting = list(waiting_for_review())
    if waiting:
        lines = [
            f"- {e.title} ({e.organization.name}){' [suggestion]' if e.is_suggestion else ''}, "
            f"waiting since {e.created_at:%Y-%m-%d}"
            for e in waiting
        ]
        sections.append(
            f"Waiting for review ({len(waiting)}), suggestions first, oldest first:\n"
            + "\n".join(lines)
            + f"\n{_admin_url('admin:electives_elective_review')}"
        )
    reports = open_problem_reports()
    if reports.exists():
        sections.append(
            f"Open problem reports ({reports.count()}):\n"
            + "\n".join(f"- {report}" for report in reports.order_by("pk"))
        )
    edits = sponsor_edits(now - datetime.timedelta(days=days))
    if edits:
        lines = [
            f"- {r.title}: edited by {r.history_user} on {r.history_date:%Y-%m-%d %H:%M} "
            f"({_admin_url('admin:electives_elective_history', r.id)})"
            for r in edits
        ]
        sections.append(
            f"Published electives edited by sponsors in the last {days} day(s) "
            "(live already; revert from the history if needed):\n" + "\n".join(lines)
        )
    return "\n\n".join(sections)


def send_review_digest(days=1):
    """Queues the digest for the curators and sends it; returns the Delivery (empty when
    nothing waits or nobody is configured to hear it).

    A digest an earlier run could not send is stale by now: this one replaces it, so a
    re-run never sends two digests, and never one twice."""
    text = digest_text(days)
    with transaction.atomic():
        OutgoingMail.objects.unsent().filter(template=DIGEST).delete()
        # The digest sums up what the notices said one by one: no notice of its own.
        mail = notify_curators(DIGEST, {"digest": text}, notice=False) if text else None
    return deliver(OutgoingMail.objects.filter(pk=mail.pk)) if mail else Delivery()
