"""The curators' CSV import in the admin: upload -> a row-by-row preview (nothing written)
-> Apply, which imports the same upload kept for a while, without choosing the file again."""

import re
import secrets
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from electives import access
from electives.csv import COLUMNS, RICHER_COLUMNS, import_csv, template_csv

# An upload is imported inside one web request: this cap keeps it to a few seconds (an
# import wrote 100,000 rows in 66 s on a shared 2-core machine), well within gunicorn's 30 s
# timeout; larger files are refused with a pointer to the import_electives command.
ADMIN_IMPORT_MAX_ROWS = 2_000


# An upload waits between its preview and "Apply" in the database (settings.PENDING_IMPORT_CACHE)
# for this long, under a random key only the curator who uploaded it may use; at
# most this many bytes (2,000 rows of a few kB each).
PENDING_IMPORT_SECONDS = 30 * 60
ADMIN_IMPORT_MAX_BYTES = 5_000_000
_TOKEN = re.compile(r"[\w-]{20,64}")


@dataclass(frozen=True)
class PendingImport:
    user_id: int
    data: bytes
    create_organizations: bool


def keep_upload(user, data, create_organizations):
    token = secrets.token_urlsafe(24)
    pending = PendingImport(user.pk, data, create_organizations)
    caches[settings.PENDING_IMPORT_CACHE].set(
        f"admin-import:{token}", pending, PENDING_IMPORT_SECONDS
    )
    return token


def take_upload(user, token):
    """The upload previewed under this token by this user, once; None when it has expired,
    was taken already (a double click on Apply imports it once) or is someone else's."""
    if not _TOKEN.fullmatch(token):
        return None
    cache = caches[settings.PENDING_IMPORT_CACHE]
    key = f"admin-import:{token}"
    pending = cache.get(key)
    if pending is None or pending.user_id != user.pk or not cache.delete(key):
        return None
    return pending


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with the columns listed below. You see what it would change first.",
    )
    create_organizations = forms.BooleanField(
        label="Create new sponsors",
        required=False,
        help_text=(
            "Tick to confirm that sponsor names close to an existing sponsor's are new "
            "sponsors, not misspellings. Clearly different names create sponsors anyway."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ADMIN_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {ADMIN_IMPORT_MAX_BYTES // 1_000_000} MB. Split it, or "
                "import it on the server: python manage.py import_electives FILE.csv"
            )
        return upload


def import_view(request, model_admin):
    """Upload: a row-by-row preview, nothing written. Apply: the same upload, imported."""
    # Curators only: an import may touch any sponsor's electives and set any status,
    # which sponsor editors may not.
    if not access.is_curator(request.user):
        raise PermissionDenied
    if request.method == "POST" and "apply" in request.POST:
        return _apply_import(request, model_admin)
    form = CsvImportForm(request.POST or None, request.FILES or None)
    result = token = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        create = form.cleaned_data["create_organizations"]
        result = import_csv(
            data,
            dry_run=True,
            max_rows=ADMIN_IMPORT_MAX_ROWS,
            create_organizations=create,
            preview=True,
        )
        if result.ok:
            token = keep_upload(request.user, data, create)
    return _import_page(request, model_admin, form, result, token)


def _apply_import(request, model_admin):
    pending = take_upload(request.user, request.POST.get("token", ""))
    if pending is None:
        model_admin.message_user(
            request,
            "That preview is no longer available: it was applied already, or it expired "
            f"(an upload is kept for {PENDING_IMPORT_SECONDS // 60} minutes). Choose the file "
            "again.",
            messages.ERROR,
        )
        return redirect("admin:electives_elective_import")
    result = import_csv(
        pending.data,
        max_rows=ADMIN_IMPORT_MAX_ROWS,
        create_organizations=pending.create_organizations,
        user=request.user,
        preview=True,
    )
    if not result.ok:
        # The directory changed since the preview (a slug taken, a sponsor renamed).
        return _import_page(request, model_admin, CsvImportForm(), result, None)
    model_admin.message_user(
        request,
        f"Imported: {result.created} created, {result.changed} updated, "
        f"{result.unchanged} unchanged.",
        messages.SUCCESS,
    )
    return redirect("admin:electives_elective_changelist")


def _import_page(request, model_admin, form, result, token):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import electives from CSV",
        "form": form,
        "result": result,
        "token": token,
        "columns": COLUMNS,
        "richer_columns": RICHER_COLUMNS,
        "max_rows": ADMIN_IMPORT_MAX_ROWS,
    }
    return TemplateResponse(request, "admin/electives/elective/import.html", context)


def import_template_view(request):
    if not access.is_curator(request.user):
        raise PermissionDenied
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="electives-template.csv"'
    return response
