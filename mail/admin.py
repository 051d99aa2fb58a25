from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from .models import Notice, OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Read-only: what went out and what waits. Deleting a row is how a curator gives up
    on a message the server keeps refusing (send_queued_mail retries it every run)."""

    list_display = ["subject", "template", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "template"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """What curators were told, e-mailed or not; marked read by the curator who dealt with it."""

    list_display = ["what", "link", "created_at", "read"]
    list_filter = [("read_at", admin.EmptyFieldListFilter), "template"]
    search_fields = ["what"]
    date_hierarchy = "created_at"
    actions = ["mark_read", "mark_unread"]

    @admin.display(description="about")
    def link(self, notice):
        if not notice.url:
            return "—"
        return format_html('<a href="{}">Open</a>', notice.url)

    @admin.display(boolean=True, description="read", ordering="read_at")
    def read(self, notice):
        return notice.read_at is not None

    @admin.action(description="Mark selected notices read")
    def mark_read(self, request, queryset):
        count = queryset.unread().update(read_at=timezone.now())
        self.message_user(request, f"Marked {count} notice(s) read.", messages.SUCCESS)

    @admin.action(description="Mark selected notices unread")
    def mark_unread(self, request, queryset):
        count = queryset.exclude(read_at=None).update(read_at=None)
        self.message_user(request, f"Marked {count} notice(s) unread.", messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
