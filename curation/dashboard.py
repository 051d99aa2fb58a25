"""The curator dashboard on the admin index: what needs attention, each linked to its list."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from electives.models import Elective, LinkState, Status, TravelAdvisory
from residents.models import ProblemReport


def open_problem_reports():
    return ProblemReport.objects.open()


def suggestions_waiting():
    """In-review electives suggested through /suggest/ (residents.Suggestion)."""
    return Elective.objects.in_review().filter(suggestion__isnull=False)


def _changelist(model, **params):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def items(today=None):
    """(label, count, link) for each thing a curator should look at: 8 counting queries."""
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
            "Open problem reports",
            open_problem_reports().count(),
            _changelist(ProblemReport, state="open"),
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
