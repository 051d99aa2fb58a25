"""Curators' admin actions that would otherwise need a shell: ask sponsors to re-verify,
and each listing's re-verification state. Registered on the directory's admin classes
(directory.py) by a line each."""

import datetime

from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from curation.models import VERIFY_MAX_AGE_DAYS, VerificationRequest
from curation.verification import ask_sponsors, not_asked_yet
from electives import access
from electives.models import Elective, Status


def _latest(field, **match):
    requests = VerificationRequest.objects.filter(**match).order_by("-sent_at")
    return Subquery(requests.values(field)[:1])


class ReverificationStateAdmin(admin.ModelAdmin):
    """A listing column with the latest re-verification request of each row: two
    subqueries in the changelist's one query, whatever the page size."""

    reverification_match = "electives"  # the request's lookup to the row

    def get_queryset(self, request):
        match = {self.reverification_match: OuterRef("pk")}
        return (
            super()
            .get_queryset(request)
            .annotate(
                reverify_sent_at=_latest("sent_at", **match),
                reverify_answered_at=_latest("answered_at", **match),
            )
        )

    def has_reverify_permission(self, request):
        return access.is_curator(request.user)

    @admin.display(description="re-verification", ordering="reverify_sent_at")
    def reverification(self, obj):
        sent, answered = obj.reverify_sent_at, obj.reverify_answered_at
        if sent is None:
            return "not asked"
        asked = f"asked {timezone.localdate(sent):%Y-%m-%d}"
        if answered is not None:
            return f"{asked}, answered {timezone.localdate(answered):%Y-%m-%d}"
        if timezone.now() - sent > datetime.timedelta(days=VERIFY_MAX_AGE_DAYS):
            return f"{asked}, no answer (link expired)"
        return f"{asked}, pending"


def report(modeladmin, request, created, asked_about, left_out):
    electives = sum(r.electives.count() for r in created)
    modeladmin.message_user(
        request,
        f"Asked {len(created)} sponsor contact(s) to re-verify {electives} elective(s); "
        "each got one e-mail.",
        messages.SUCCESS,
    )
    if pending := asked_about - electives - left_out:
        modeladmin.message_user(
            request,
            f"{pending} elective(s) already have a pending request: not asked again.",
            messages.WARNING,
        )
    if left_out:
        modeladmin.message_user(
            request,
            f"{left_out} elective(s) have no e-mail address to ask (sponsor contact or the "
            "elective's contact e-mail): set one first.",
            messages.WARNING,
        )


def _ask(modeladmin, request, electives):
    electives = electives.exclude(status=Status.ARCHIVED)
    asked_about = electives.count()
    created = ask_sponsors(electives)
    left_out = not_asked_yet(electives).count()  # asked now, they have an open request
    report(modeladmin, request, created, asked_about, left_out)


@admin.action(
    description="Ask the sponsor to re-verify selected electives", permissions=["reverify"]
)
def ask_to_reverify_electives(modeladmin, request, queryset):
    _ask(modeladmin, request, Elective.objects.filter(pk__in=queryset.values("pk")))


@admin.action(
    description="Ask selected sponsors to re-verify their listed electives",
    permissions=["reverify"],
)
def ask_to_reverify_sponsors(modeladmin, request, queryset):
    electives = Elective.objects.published().filter(organization__in=queryset.values("pk"))
    _ask(modeladmin, request, electives)
