import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django_countries import countries

from curation import review
from electives import access, workflow
from electives.csv import csv_download
from electives.models import (
    Elective,
    Language,
    LinkState,
    Organization,
    Specialty,
    Status,
    TravelAdvisory,
)
from electives.site_facts import SITE_FIELDS
from web.admin_keys import CheckedKeysAdmin
from web.admin_scope import ScopedAdmin
from web.conflicts import EditConflictAdmin, EditConflictForm
from web.history import HistoryAdmin

from . import imports
from .actions import ReverificationStateAdmin, ask_to_reverify_electives, ask_to_reverify_sponsors
from .approval import set_approval_facts_of_electives, set_approval_facts_of_sponsors

admin.site.site_header = "Electives Abroad curators"
admin.site.site_title = "Electives Abroad"
admin.site.index_title = "Curate the directory"


class VerifiedFilter(admin.SimpleListFilter):
    title = "last verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [
            ("recent", "Within 6 months"),
            (
                "old",
                f"Over {settings.REVERIFY_AFTER_MONTHS} months ago (needs re-verification)",
            ),
            ("never", "Never"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "recent":
            return queryset.filter(last_verified__gte=today - datetime.timedelta(days=182))
        if self.value() == "old":
            return queryset.needs_reverification(today)
        if self.value() == "never":
            return queryset.filter(last_verified__isnull=True)
        return queryset


class DeadlineFilter(admin.SimpleListFilter):
    title = "deadline"
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("open", "Upcoming"), ("rolling", "Rolling"), ("closed", "Passed")]

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookup_choices):
            return queryset.with_deadline_status(self.value())
        return queryset


class CountryInUseFilter(admin.SimpleListFilter):
    """Only the countries that have rows, not all 249 (one GROUP BY query)."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("country", flat=True)
            .annotate(n=Count("id"))
        )
        return sorted(((code, countries.name(code)) for code in codes if code), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value().upper())
        return queryset


class ChangeSponsorForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.all(), label="New sponsor")


class ElectiveForm(EditConflictForm):
    unstated_confirmed = forms.BooleanField(
        label="Publish with the facts not stated yet shown as “not stated”",
        required=False,
    )

    def _post_clean(self):
        super()._post_clean()
        elective = self.instance
        elective.states(self.changed_data)
        was = self.initial.get("status")
        if elective.status == Status.PUBLISHED and was != Status.PUBLISHED:
            warning = workflow.publish_warning(elective)
            if warning and not self.cleaned_data.get("unstated_confirmed"):
                self.add_error("unstated_confirmed", warning)


@admin.register(Elective)
class ElectiveAdmin(ReverificationStateAdmin, EditConflictAdmin, ScopedAdmin, HistoryAdmin):
    form = ElectiveForm
    # Fits 1,280 px: the columns a curator sorts and triages by; the rest is one click away.
    list_display = [
        "title",
        "organization",
        "status",
        "deadline_status",
        "verified_age",
        "link_flag",
        "reverification",
    ]
    list_filter = [
        "status",
        DeadlineFilter,
        VerifiedFilter,
        "link_state",
        "category",
        CountryInUseFilter,
        "housing",
    ]
    list_select_related = ["organization"]
    search_fields = ["title", "slug", "summary", "city", "organization__name"]
    autocomplete_fields = ["organization", "specialties", "languages"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = [
        "created_at",
        "updated_at",
        "published_at",
        "submitted_by",
        "link_report",
    ]
    actions = [
        "publish",
        "submit_for_review",
        "send_to_draft",
        "archive",
        "mark_verified_today",
        "change_sponsor",
        "export_selected",
        ask_to_reverify_electives,
        set_approval_facts_of_electives,
    ]
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
            "More about the elective",
            {
                "fields": [
                    "scope",
                    "supervision",
                    "malpractice",
                    "fee_includes",
                    "requirements",
                    "emergency_support",
                    "partner_since",
                    "credit_granted",
                ]
            },
        ),
        (
            "For the resident's program (approval)",
            {
                "description": "What GME offices ask before they approve an elective. Leave a "
                "field empty when the sponsor has not said: the site shows it as not stated.",
                "fields": [
                    "letter_of_agreement",
                    "supervisor",
                    "evaluation_returned",
                    "site_address",
                    ("site_contact_name", "site_contact_title"),
                    "site_contact_email",
                    "lead_time_weeks",
                    "malpractice_cost",
                ],
            },
        ),
        (
            "For the program director and the board (site)",
            {
                "description": "What program directors, GME offices and boards also ask about "
                "the site. Empty reads as not stated.",
                "fields": SITE_FIELDS,
            },
        ),
        ("Review", {"fields": ["review_note", "submitted_by", "unstated", "unstated_confirmed"]}),
        (
            "Freshness",
            {
                "fields": [
                    "last_verified",
                    "link_report",
                    "created_at",
                    "updated_at",
                    "published_at",
                ]
            },
        ),
    ]

    @admin.display(description="deadline", ordering="deadline")
    def deadline_status(self, elective):
        status = elective.deadline_status
        if elective.deadline is None:
            return status.label.lower()  # rolling admission, or deadline not stated
        return f"{elective.deadline:%Y-%m-%d} ({status})"

    @admin.display(description="verified", ordering="last_verified")
    def verified_age(self, elective):
        if elective.last_verified is None:
            age = "never"
        else:
            days = (timezone.localdate() - elective.last_verified).days
            age = f"{days // 30} mo ago" if days >= 60 else f"{days} d ago"
        return f"{age} (re-verify)" if elective.needs_reverification else age

    @admin.display(description="link", ordering="link_state")
    def link_flag(self, elective):
        if elective.link_state == LinkState.BROKEN:
            return format_html("<strong>{}</strong>", "broken")
        return "ok" if elective.link_state == LinkState.OK else "—"

    @admin.display(description="link check")
    def link_report(self, elective):
        if elective.link_checked_at is None:
            return "Not checked yet."
        found = elective.link_status or elective.link_error
        report = (
            f"{elective.get_link_state_display()}: {found}, {elective.link_checked_at:%Y-%m-%d}"
        )
        if elective.link_final_url and elective.link_final_url != elective.url:
            report += f"; redirected to {elective.link_final_url}"
        return report

    # Who may see and do what (electives.workflow): sponsor editors reach only their own
    # organizations' electives (ScopedAdmin) and may only submit drafts for review.

    def scope(self, request, queryset):
        return access.sponsor_scope(request.user, queryset, "organization")

    def has_publish_permission(self, request):
        return access.is_curator(request.user)

    def has_submit_permission(self, request):
        return self.has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and access.is_curator(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not access.is_curator(request.user):
            fields += ["review_note", "last_verified", "unstated"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization" and not access.is_curator(request.user):
            kwargs["queryset"] = request.user.edited_organizations.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        status = form.base_fields.get("status")
        if status is not None:
            allowed = workflow.allowed_statuses(request.user, obj.status if obj else Status.DRAFT)
            status.choices = [choice for choice in Status.choices if choice[0] in allowed]
        return form

    def save_model(self, request, obj, form, change):
        previous = Elective.objects.get(pk=obj.pk) if change else Elective(organization=None)
        if not access.may_edit(request.user, obj):
            raise PermissionDenied
        workflow.edited(obj, request.user, previous)
        super().save_model(request, obj, form, change)

    # Bulk actions: one save per elective, so that signals (search index, cache, history)
    # see every change; each elective is checked against electives.workflow.

    def _apply(self, request, queryset, status, verb):
        done = skipped = 0
        unstated = []
        for elective in queryset:
            if status == Status.PUBLISHED and workflow.publish_warning(elective):
                unstated.append(elective.title)
                continue
            try:
                workflow.move(elective, request.user, status)
            except PermissionDenied:
                skipped += 1
                continue
            done += 1
        self.message_user(request, f"{verb} {done} elective(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} elective(s) left as they were: not allowed.", messages.WARNING
            )
        if unstated:
            self.message_user(
                request,
                "Not published, because some facts are not stated yet (open each to set "
                "them or confirm): " + "; ".join(unstated),
                messages.WARNING,
            )

    @admin.action(description="Publish selected electives", permissions=["publish"])
    def publish(self, request, queryset):
        self._apply(request, queryset, Status.PUBLISHED, "Published")

    @admin.action(description="Submit selected electives for review", permissions=["submit"])
    def submit_for_review(self, request, queryset):
        self._apply(request, queryset, Status.IN_REVIEW, "Submitted for review")

    @admin.action(description="Move selected electives back to draft", permissions=["publish"])
    def send_to_draft(self, request, queryset):
        self._apply(request, queryset, Status.DRAFT, "Moved to draft")

    @admin.action(description="Archive selected electives", permissions=["publish"])
    def archive(self, request, queryset):
        self._apply(request, queryset, Status.ARCHIVED, "Archived")

    @admin.action(description="Mark selected electives verified today", permissions=["publish"])
    def mark_verified_today(self, request, queryset):
        today = timezone.localdate()
        for elective in queryset:
            elective.last_verified = today
            elective.save()
        self.message_user(
            request, f"Marked {len(queryset)} elective(s) verified today.", messages.SUCCESS
        )

    @admin.action(description="Change the sponsor of selected electives", permissions=["publish"])
    def change_sponsor(self, request, queryset):
        form = ChangeSponsorForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            organization = form.cleaned_data["organization"]
            for elective in queryset:
                elective.organization = organization
                elective.save()
            self.message_user(
                request,
                f"Moved {len(queryset)} elective(s) to {organization}.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Change the sponsor",
            "form": form,
            "electives": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/electives/elective/change_sponsor.html", context)

    @admin.action(description="Export selected electives as CSV", permissions=["view"])
    def export_selected(self, request, queryset):
        return self._csv_response(queryset.order_by("slug"))

    def _csv_response(self, queryset):
        return csv_download(queryset, f"electives-{timezone.localdate().isoformat()}.csv")

    def get_urls(self):
        return [
            path(
                "review/",
                self.admin_site.admin_view(review.queue_view),
                name="electives_elective_review",
            ),
            path(
                "review/<int:pk>/",
                self.admin_site.admin_view(review.decide_view),
                name="electives_elective_decide",
            ),
            path(
                "import-csv/",
                self.admin_site.admin_view(self.import_view),
                name="electives_elective_import",
            ),
            path(
                "import-csv/template.csv",
                self.admin_site.admin_view(imports.import_template_view),
                name="electives_elective_import_template",
            ),
            path(
                "export-csv/",
                self.admin_site.admin_view(self.export_view),
                name="electives_elective_export",
            ),
        ] + super().get_urls()

    def import_view(self, request):
        return imports.import_view(request, self)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._csv_response(self.get_queryset(request).order_by("slug"))


@admin.register(Organization)
class OrganizationAdmin(ReverificationStateAdmin, EditConflictAdmin, ScopedAdmin, HistoryAdmin):
    list_display = ["name", "kind", "country", "website_link", "reverification"]
    actions = [ask_to_reverify_sponsors, set_approval_facts_of_sponsors]
    reverification_match = "organization"
    list_filter = ["kind", CountryInUseFilter]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["editors"]

    # A sponsor editor reaches only their own organizations' profiles (ScopedAdmin: also
    # their history and revert), and not who their editors are.
    def scope(self, request, queryset):
        return access.sponsor_scope(request.user, queryset)

    def get_exclude(self, request, obj=None):
        return None if access.is_curator(request.user) else ["editors"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "editors":
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="website")
    def website_link(self, organization):
        if not organization.website:
            return "—"
        return format_html(
            '<a href="{}" rel="noopener">{}</a>', organization.website, organization.website
        )


@admin.register(Specialty)
class SpecialtyAdmin(HistoryAdmin):
    list_display = ["name", "slug", "aliases"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}

    # Sponsor editors may read specialties for the autocomplete, not browse them.
    def has_module_permission(self, request):
        return super().has_module_permission(request) and access.is_curator(request.user)


@admin.register(Language)
class LanguageAdmin(CheckedKeysAdmin, admin.ModelAdmin):
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


class StaleAdvisoryFilter(admin.SimpleListFilter):
    title = "age"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("1", "Older than a year")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.stale()
        return queryset


@admin.register(TravelAdvisory)
class TravelAdvisoryAdmin(HistoryAdmin):
    list_display = ["country", "level", "issued", "imported_at", "stale"]
    list_filter = ["level", StaleAdvisoryFilter]
    # Set by the import when it finds a new level; residents are told of it.
    readonly_fields = ["previous_level", "level_changed_at"]
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
