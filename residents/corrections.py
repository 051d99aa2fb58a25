"""A suggestion sent back to its submitter, who has no account: the e-mailed link (signed,
expiring, single-use) opens the curator's note and the suggestion to correct; resubmitted,
it waits in the review queue again, its history kept."""

from django.core import signing
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from electives import workflow
from electives.models import Status
from mail.outbox import notify_curators

from .forms import CorrectionForm
from .models import CORRECTED_BY_THE_PUBLIC, CORRECTION_MAX_AGE_DAYS, SuggestionCorrection


def send_back(suggestion, note):
    """The correction link for a suggestion a curator sends back (in the caller's
    transaction); its URL goes into the send-back e-mail."""
    return SuggestionCorrection.objects.create(suggestion=suggestion, note=note)


def closed(request, reason, status):
    context = {"reason": reason, "max_age_days": CORRECTION_MAX_AGE_DAYS}
    return render(request, "residents/correction_closed.html", context, status=status)


def resubmit(correction, form):
    """Takes the link (one conditional UPDATE, so a double submit or a replay resubmits
    once) and puts the corrected suggestion back in review; False when it was used."""
    with transaction.atomic():
        now = timezone.now()
        taken = SuggestionCorrection.objects.filter(pk=correction.pk, used_at__isnull=True)
        if not taken.update(used_at=now):
            return False
        elective = form.elective()
        # The submitter has no account to check a transition against: a sent-back
        # suggestion (a draft) goes back to review, as /suggest/ puts a new one there.
        workflow.suggested(elective, CORRECTED_BY_THE_PUBLIC)
        elective.save()
        context = {"suggestion": correction.suggestion, "elective": elective}
        notify_curators("suggestion_corrected", context)
    return True


@never_cache
def correct_suggestion(request, token):
    try:
        correction = SuggestionCorrection.from_token(token)
    except signing.SignatureExpired:
        return closed(request, "expired", 410)
    except (signing.BadSignature, ValueError, SuggestionCorrection.DoesNotExist):
        return closed(request, "invalid", 404)
    elective = correction.suggestion.elective
    if correction.used_at is not None or elective.status != Status.DRAFT:
        return closed(request, "used", 410)
    form = CorrectionForm(request.POST or None, instance=elective)
    if request.method == "POST" and form.is_valid():
        if not resubmit(correction, form):
            return closed(request, "used", 410)
        return render(
            request, "residents/thanks.html", {"what": "correction", "elective": elective}
        )
    context = {"correction": correction, "elective": elective, "form": form}
    status = 400 if form.errors else 200
    return render(request, "residents/correct_suggestion.html", context, status=status)
