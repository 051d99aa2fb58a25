from django.contrib import admin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Each run of a scheduled job: read only (the dashboard flags late or failed jobs)."""

    list_display = ["job", "started_at", "duration", "result", "error"]
    list_filter = ["job", "result"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
