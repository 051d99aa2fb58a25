from django.contrib import admin
from django.utils.html import format_html

from web.history import HistoryAdmin

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(HistoryAdmin):
    list_display = ["title", "topic", "order", "link"]
    list_editable = ["order"]
    list_filter = ["topic"]
    search_fields = ["title", "description", "url"]
    ordering = ["topic", "order", "title"]
    fields = ["title", "url", "topic", "order", "description"]

    @admin.display(description="URL")
    def link(self, resource):
        return format_html('<a href="{}" rel="noopener">{}</a>', resource.url, resource.url)
