from django.contrib import admin

from curation.models import VerificationRequest
from electives import access


@admin.register(VerificationRequest)
class VerificationRequestAdmin(admin.ModelAdmin):
    """What request_reverification sent and which sponsors answered: read only."""

    list_display = ["organization", "email", "sent_at", "answered_at"]
    list_filter = [("answered_at", admin.EmptyFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["organization__name", "email"]
    fields = ["organization", "email", "electives", "sent_at", "answered_at"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return access.is_curator(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_curator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
