"""The curator dashboard on the admin index: what needs attention, each linked to its list."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from debriefs.models import Debrief, DebriefLink
from electives.models import Elective, LinkState, Status, TravelAdvisory
from mail.models import Notice
from residents.models import ProblemReport
from web.models import JobRun

from . import jobs
from .models import VERIFY_MAX_AGE_DAYS, VerificationRequest


def open_problem_reports():
    return ProblemReport.objects.open()


def suggestions_waiting():
    """In-review electives suggested through /suggest/ (residents.Suggestion)."""
    return Elective.objects.in_review().filter(suggestion__isnull=False)


def _changelist(model, **params):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def answers_since(now):
    return (now - datetime.timedelta(days=VERIFY_MAX_AGE_DAYS)).replace(microsecond=0)


def recent_answers(now):
    return VerificationRequest.objects.filter(answered_at__gte=answers_since(now))


def items(today=None):
    """(label, count, link) for each thing a curator should look at: 12 counting queries."""
    now = timezone.now()
    today = today or timezone.localdate()
    electives = Elective.objects.all()
    rows = [
        (
            "Drafts",
            electives.filter(status=Status.DRAFT).count(),
            _changelist(Elective, status__exact=Status.DRAFT),
        ),
        (
            "In review",
            electives.in_review().count(),
            reverse("admin:electives_elective_review"),
        ),
    ]
    rows += [
        (
            "Suggestions",
            suggestions_waiting().count(),
            reverse("admin:electives_elective_review"),
        ),
        (
            "Debrief links requested, waiting for approval",
            DebriefLink.objects.waiting_for_approval().count(),
            _changelist(DebriefLink, sent_at__isempty="1"),
        ),
        (
            "Debriefs in review",
            Debrief.objects.in_review().count(),
            _changelist(Debrief, status__exact=Debrief.Status.IN_REVIEW),
        ),
        (
            "Open problem reports",
            open_problem_reports().count(),
            _changelist(ProblemReport, state="open"),
        ),
        (
            f"Sponsor answers to re-verification (last {VERIFY_MAX_AGE_DAYS} days)",
            recent_answers(now).count(),
            _changelist(VerificationRequest, answered_at__gte=answers_since(now).isoformat()),
        ),
        (
            "Unread notices",
            Notice.objects.unread().count(),
            _changelist(Notice, read_at__isempty="1"),
        ),
    ]
    published = electives.published()
    rows += [
        (
            f"Published, need re-verification (over {settings.REVERIFY_AFTER_MONTHS} months)",
            published.needs_reverification(today).count(),
            _changelist(Elective, status__exact=Status.PUBLISHED, verified="old"),
        ),
        (
            "Published, deadline passed",
            published.deadline_passed(today).count(),
            _changelist(Elective, status__exact=Status.PUBLISHED, deadline="closed"),
        ),
        (
            "Published, broken link",
            published.with_broken_link().count(),
            _changelist(
                Elective, status__exact=Status.PUBLISHED, link_state__exact=LinkState.BROKEN
            ),
        ),
        (
            "Travel advisories older than a year",
            TravelAdvisory.objects.stale(today).count(),
            _changelist(TravelAdvisory, stale="1"),
        ),
    ]
    return rows


def context(today=None):
    """What the dashboard template shows: the counts, and the scheduled jobs that failed
    or did not run on time."""
    return {"items": items(today), "jobs": jobs.attention(), "jobs_url": _changelist(JobRun)}
