from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .models import Alert, ProblemReport, Suggestion


def elective_link(obj):
    url = reverse("admin:electives_elective_change", args=[obj.elective_id])
    return format_html('<a href="{}">{}</a>', url, obj.elective.title)


class OpenFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("resolved", "Resolved")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["elective_title", "kind", "created_at", "is_open"]
    # Open reports per elective: the elective filter lists only electives with reports.
    list_filter = [OpenFilter, "kind", ("elective", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["elective"]
    search_fields = ["elective__title", "elective__slug", "message"]
    readonly_fields = ["elective_title", "kind", "message", "created_at"]
    fields = ["elective_title", "kind", "message", "created_at", "resolved_at"]
    date_hierarchy = "created_at"
    actions = ["mark_resolved"]

    @admin.display(description="elective", ordering="elective__title")
    def elective_title(self, obj):
        return elective_link(obj)

    @admin.display(description="open", boolean=True)
    def is_open(self, obj):
        return obj.resolved_at is None

    @admin.action(description="Mark the selected reports as resolved")
    def mark_resolved(self, request, queryset):
        count = queryset.open().update(resolved_at=timezone.now())
        self.message_user(request, f"{count} report{'s' if count != 1 else ''} resolved.")

    def has_add_permission(self, request):
        return False


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["elective_title", "submitter_name", "submitter_email", "created_at"]
    list_select_related = ["elective"]
    search_fields = ["elective__title", "submitter_name", "submitter_email"]
    readonly_fields = [
        "elective_title",
        "submitter_name",
        "submitter_email",
        "created_at",
        "send_backs",
    ]
    fields = readonly_fields

    @admin.display(description="elective", ordering="elective__title")
    def elective_title(self, obj):
        return elective_link(obj)

    @admin.display(description="sent back")
    def send_backs(self, obj):
        """Each send-back's link, and whether the submitter used it to resubmit."""
        lines = [
            f"{c.sent_at:%Y-%m-%d}: "
            + (f"corrected and resubmitted {c.used_at:%Y-%m-%d}" if c.used_at else "not yet")
            for c in obj.corrections.all()
        ]
        return "; ".join(lines) or "never"

    def has_add_permission(self, request):
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["email", "query", "frequency", "confirmed_at", "checked_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "query"]
    readonly_fields = ["email", "query", "created_at", "confirmed_at", "checked_at"]
    fields = ["email", "query", "frequency", "created_at", "confirmed_at", "checked_at"]

    def has_add_permission(self, request):
        return False
