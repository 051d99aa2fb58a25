"""The review queue in the admin: what waits, a preview link, and the curator's decision."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from debriefs.models import Debrief
from electives import access
from electives import workflow as moves
from electives.models import Elective
from web.forms import DecisionForm as ReviewDecisionForm

from . import workflow


class DecisionForm(ReviewDecisionForm):
    decision = forms.ChoiceField(
        choices=[("publish", "Publish"), ("send_back", "Send back"), ("archive", "Archive")]
    )
    note = forms.CharField(
        label="Note to the submitter",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to send back: what must change. Kept on the elective.",
    )
    unstated_confirmed = forms.BooleanField(
        label="Publish with these facts shown as “not stated”", required=False
    )


def queue_view(request):
    if not access.is_curator(request.user):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "opts": Elective._meta,
        "title": "Review queue",
        "electives": workflow.waiting_for_review(),
        "debriefs": Debrief.objects.in_review()
        .select_related("elective", "specialty")
        .order_by("created_at", "id"),
        "form": DecisionForm(),
    }
    return TemplateResponse(request, "admin/curation/review_queue.html", context)


@require_POST
def decide_view(request, pk):
    if not access.is_curator(request.user):
        raise PermissionDenied
    elective = get_object_or_404(Elective, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{elective.title}: {error}")
        return redirect("admin:electives_elective_review")
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
    if decision == "publish":
        try:
            moves.publish(
                elective, request.user, unstated_confirmed=form.cleaned_data["unstated_confirmed"]
            )
        except ValidationError as error:
            messages.error(request, f"{elective.title}: not published. {error.message}")
            return redirect("admin:electives_elective_review")
        messages.success(request, f"Published “{elective.title}”.")
    elif decision == "archive":
        moves.archive(elective, request.user)
        messages.success(request, f"Archived “{elective.title}”.")
    else:
        address = workflow.send_back(elective, request.user, note)
        told = f" and e-mailed the note to {address}" if address else " (no submitter to e-mail)"
        messages.success(request, f"Sent “{elective.title}” back to draft{told}.")
    return redirect("admin:electives_elective_review")
