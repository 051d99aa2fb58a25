from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST

from electives.access import is_curator, is_sponsor_editor, sponsor_scope
from electives.models import Elective
from web.admin_keys import CheckedKeysAdmin
from web.admin_scope import ScopedAdmin
from web.forms import DecisionForm as ReviewDecisionForm
from web.history import HistoryAdmin

from . import review
from .actions import resend_links
from .models import Debrief, DebriefLink


def is_staff_member(user):
    return is_curator(user) or is_sponsor_editor(user)


class DecisionForm(ReviewDecisionForm):
    decision = forms.ChoiceField(
        choices=[("publish", "Publish"), ("send_back", "Send back"), ("reject", "Reject")]
    )
    note = forms.CharField(required=False)
    send_back_needs_a_note = "Say what the participant should add or change."


@require_POST
def decide_view(request, pk):
    """The review queue's buttons for a debrief (curation.review lists it)."""
    if not is_curator(request.user):
        raise PermissionDenied
    debrief = get_object_or_404(Debrief.objects.select_related("elective"), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Debrief of {debrief.elective.title}: {error}")
    else:
        decision = form.cleaned_data["decision"]
        review.decide(debrief, request.user, decision, form.cleaned_data["note"])
        done = {"publish": "Published", "reject": "Rejected", "send_back": "Sent back"}
        messages.success(request, f"{done[decision]} the debrief of “{debrief.elective.title}”.")
    return redirect("admin:electives_elective_review")


@admin.register(Debrief)
class DebriefAdmin(ScopedAdmin, HistoryAdmin):
    """Curators edit and decide (decisions in the review queue); sponsor editors read their
    electives' published debriefs and reply.

    Debriefs are not in Django's permission tables: each permission below is the role's
    rule and ScopedAdmin's `in_scope`. The history (what a curator redacted, and its
    revert) is the curators' alone."""

    list_display = ["elective", "started", "status", "would_go_again", "created_at"]
    list_filter = ["status", "would_go_again", "safety_incident"]
    list_select_related = ["elective"]
    search_fields = ["elective__title", "text"]
    autocomplete_fields = ["elective", "specialty"]
    readonly_fields = ["status", "created_at", "published_at"]

    def scope(self, request, queryset):
        queryset = sponsor_scope(request.user, queryset, "elective__organization")
        return queryset if is_curator(request.user) else queryset.published()

    def get_readonly_fields(self, request, obj=None):
        if is_curator(request.user):
            return self.readonly_fields
        return [f.name for f in Debrief._meta.fields if f.name not in ("reply", "id", "email")]

    def get_exclude(self, request, obj=None):
        return [] if is_curator(request.user) else ["email"]

    def has_module_permission(self, request):
        return is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_member(request.user) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_curator(request.user) and self.in_scope(request, obj)

    def has_view_history_permission(self, request, obj=None):
        return is_curator(request.user) and self.has_view_permission(request, obj)

    def has_change_history_permission(self, request, obj=None):
        return is_curator(request.user) and self.has_change_permission(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["history_readable"] = self.has_view_history_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_urls(self):
        decide = self.admin_site.admin_view(decide_view)
        return [
            path("review/<int:pk>/", decide, name="debriefs_debrief_decide"),
            *super().get_urls(),
        ]


@admin.register(DebriefLink)
class DebriefLinkAdmin(CheckedKeysAdmin, ScopedAdmin, admin.ModelAdmin):
    """Add one to e-mail a participant a debrief link; residents' requests wait here for a
    curator's approval.

    Sponsor editors may add links for their electives but never read them: a link's
    address, note and the time it was used would name who wrote a debrief."""

    list_display = ["elective", "email", "state", "requested_at", "sent_at", "used_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), ("used_at", admin.EmptyFieldListFilter)]
    list_select_related = ["elective"]
    search_fields = ["elective__title", "email"]
    autocomplete_fields = ["elective"]
    fields = ["elective", "email", "note"]
    actions = ["approve", resend_links]

    @admin.display(description="state")
    def state(self, link):
        if link.used_at:
            return "used"
        if link.sent_at:
            return "sent"
        return "waiting for approval"

    def scope(self, request, queryset):
        return queryset if is_curator(request.user) else queryset.none()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "elective":
            electives = Elective.objects.published()
            if not is_curator(request.user):
                electives = electives.edited_by(request.user)
            kwargs["queryset"] = electives
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def has_module_permission(self, request):
        return is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return is_curator(request.user) and self.in_scope(request, obj)

    def has_add_permission(self, request):
        return is_staff_member(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_curator(request.user) and self.in_scope(request, obj)

    def has_approve_permission(self, request):
        return is_curator(request.user)

    def save_model(self, request, obj, form, change):
        if change or not review.may_send_links(request.user, obj.elective):
            raise PermissionDenied
        obj.save()
        review.send_link(obj, request.user)

    @admin.action(description="Approve and e-mail the link", permissions=["approve"])
    def approve(self, request, queryset):
        waiting = queryset.filter(sent_at__isnull=True)
        for link in waiting:
            review.approve(link, request.user)
        self.message_user(request, f"E-mailed {len(waiting)} debrief link(s).", messages.SUCCESS)
