import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from .csv import COLUMNS, csv_download, import_csv
from .models import Elective, Language, Organization, Specialty, Status, TravelAdvisory

admin.site.site_header = "Electives Abroad curators"
admin.site.site_title = "Electives Abroad"
admin.site.index_title = "Curate the directory"


class VerifiedFilter(admin.SimpleListFilter):
    title = "last verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [
            ("recent", "Within 6 months"),
            ("old", "More than a year ago"),
            ("never", "Never"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "recent":
            return queryset.filter(last_verified__gte=today - datetime.timedelta(days=182))
        if self.value() == "old":
            return queryset.filter(last_verified__lt=today - datetime.timedelta(days=365))
        if self.value() == "never":
            return queryset.filter(last_verified__isnull=True)
        return queryset


# An upload is imported inside one web request: this cap keeps it to a few seconds (an
# import wrote 100,000 rows in 66 s on a shared 2-core machine), well within gunicorn's 30 s
# timeout; larger files are refused with a pointer to the import_electives command.
ADMIN_IMPORT_MAX_ROWS = 2_000


class CsvImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="UTF-8, with the columns listed below.")
    dry_run = forms.BooleanField(
        label="Only check the file (import nothing)", required=False, initial=True
    )


@admin.register(Elective)
class ElectiveAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "country",
        "category",
        "organization",
        "deadline_or_rolling",
        "last_verified",
    ]
    list_filter = ["status", "category", VerifiedFilter, "housing", "country"]
    list_select_related = ["organization"]
    search_fields = ["title", "slug", "summary", "city", "organization__name"]
    autocomplete_fields = ["organization", "specialties", "languages"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at", "published_at"]
    actions = ["publish", "archive", "mark_verified_today", "export_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "category", "summary", "description"]}),
        ("Where and who", {"fields": ["organization", "country", "city", "url", "contact_email"]}),
        (
            "Eligibility",
            {"fields": ["specialties", "pgy_min", "pgy_max", "languages"]},
        ),
        (
            "Practicalities",
            {"fields": ["weeks_min", "weeks_max", "cost_usd", "housing", "deadline"]},
        ),
        (
            "Freshness",
            {"fields": ["last_verified", "created_at", "updated_at", "published_at"]},
        ),
    ]

    @admin.display(description="deadline", ordering="deadline")
    def deadline_or_rolling(self, elective):
        return elective.deadline or "rolling"

    def _set(self, request, queryset, message, **changes):
        # Save one by one so that signals (search index, cache) see every change.
        for elective in queryset:
            for name, value in changes.items():
                setattr(elective, name, value)
            elective.save()
        self.message_user(request, message.format(n=len(queryset)), messages.SUCCESS)

    @admin.action(description="Publish selected electives", permissions=["change"])
    def publish(self, request, queryset):
        self._set(request, queryset, "Published {n} elective(s).", status=Status.PUBLISHED)

    @admin.action(description="Archive selected electives", permissions=["change"])
    def archive(self, request, queryset):
        self._set(request, queryset, "Archived {n} elective(s).", status=Status.ARCHIVED)

    @admin.action(description="Mark selected electives verified today", permissions=["change"])
    def mark_verified_today(self, request, queryset):
        self._set(
            request,
            queryset,
            "Marked {n} elective(s) verified today.",
            last_verified=timezone.localdate(),
        )

    @admin.action(description="Export selected electives as CSV", permissions=["view"])
    def export_selected(self, request, queryset):
        return self._csv_response(queryset.order_by("slug"))

    def _csv_response(self, queryset):
        return csv_download(queryset, f"electives-{timezone.localdate().isoformat()}.csv")

    def get_urls(self):
        return [
            path(
                "import-csv/",
                self.admin_site.admin_view(self.import_view),
                name="electives_elective_import",
            ),
            path(
                "export-csv/",
                self.admin_site.admin_view(self.export_view),
                name="electives_elective_export",
            ),
        ] + super().get_urls()

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._csv_response(Elective.objects.order_by("slug"))

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        result = None
        form = CsvImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            dry_run = form.cleaned_data["dry_run"]
            result = import_csv(
                form.cleaned_data["file"], dry_run=dry_run, max_rows=ADMIN_IMPORT_MAX_ROWS
            )
            if result.ok and not dry_run:
                self.message_user(
                    request,
                    f"Imported: {result.created} created, {result.updated} updated.",
                    messages.SUCCESS,
                )
                return redirect("admin:electives_elective_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import electives from CSV",
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "max_rows": ADMIN_IMPORT_MAX_ROWS,
        }
        return TemplateResponse(request, "admin/electives/elective/import.html", context)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "website_link"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="website")
    def website_link(self, organization):
        if not organization.website:
            return "—"
        return format_html(
            '<a href="{}" rel="noopener">{}</a>', organization.website, organization.website
        )


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    # The ISO list is not edited by hand; staff may read it for the autocomplete.
    def has_module_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TravelAdvisory)
class TravelAdvisoryAdmin(admin.ModelAdmin):
    list_display = ["country", "level", "issued", "imported_at", "stale"]
    list_filter = ["level"]
    search_fields = ["country", "headline"]
    ordering = ["country"]

    @admin.display(boolean=True, description="older than a year")
    def stale(self, advisory):
        return advisory.is_stale

    def changelist_view(self, request, extra_context=None):
        latest = (
            TravelAdvisory.objects.order_by("-imported_at")
            .values_list("imported_at", flat=True)
            .first()
        )
        extra_context = {**(extra_context or {}), "last_imported": latest}
        return super().changelist_view(request, extra_context)
