"""Who changed what, when (django-simple-history), without records of non-changes."""

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.forms.models import model_to_dict
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.signals import post_create_historical_record

from .admin_keys import CheckedKeysAdmin


@receiver(post_create_historical_record)
def drop_unchanged_record(sender, history_instance, **kwargs):
    """An edit that changed nothing (a form saved as it was) leaves no history row."""
    if history_instance.history_type != "~":
        return
    previous = history_instance.prev_record
    if previous is not None and not history_instance.diff_against(previous).changes:
        history_instance.delete()


class NormalisedTextForm(forms.ModelForm):
    """Browsers send textareas with CRLF line endings; the database keeps LF, so saving
    a form untouched changes nothing."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field.widget, forms.Textarea) and isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned


def historical_relations(instance):
    """{m2m field name: [ids]} as the historical record `instance` was made from recorded
    them; {} for a current instance. A historical instance's own relations are today's."""
    record = getattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
    if record is None:
        return {}
    relations = {}
    for field in record._history_m2m_fields:
        column = f"{field.m2m_reverse_field_name()}_id"
        relations[field.name] = list(getattr(record, field.name).values_list(column, flat=True))
    return relations


class HistoryAdmin(CheckedKeysAdmin, SimpleHistoryAdmin):
    """Admin with a History page (each version's changes, and Revert) and LF-only text.

    One save through the admin leaves one history record, whatever it changed: the model's
    save records the fields, then each change to a many-to-many relation (saved after the
    model) records again; those records are merged into the last, which has it all.

    Revert is the change form of today's row, filled in with the old version's values: it
    writes only the fields this user's change form would, so what is read-only to them
    (a curator's moderation, bookkeeping) keeps today's value, and only a user who may
    change the object (not one who may only view it) may save it.
    """

    form = NormalisedTextForm

    def has_view_history_or_change_history_permission(self, request, obj=None):
        # django-simple-history asks the view and change permissions here, not the history
        # ones, unless its model permissions are enforced: an admin may narrow history.
        reads = self.has_view_history_permission(request, obj)
        return reads or self.has_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Today's row, as this user may reach it: a revert changes it (a deleted object is
        # not brought back here).
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404("No such object.")
        if request.method == "POST" and not self.has_change_history_permission(request, current):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        record = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if record is None:
            return form
        # The old version's values of the form's fields (a ModelForm would read today's
        # relations from a historical instance).
        old = {**model_to_dict(obj, fields=form.base_fields), **historical_relations(obj)}
        today = type(obj)._default_manager.get(pk=obj.pk)  # history_form_view found it

        class RevertForm(form):
            def __init__(self, *args, **kwargs):
                kwargs["instance"] = today
                kwargs["initial"] = {**old, **kwargs.get("initial", {})}
                super().__init__(*args, **kwargs)

        return RevertForm

    def save_model(self, request, obj, form, change):
        latest = obj.history.first() if change else None
        obj._history_before_save = latest.history_id if latest else None
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        self._merge_records_of_this_save(obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        # Both the change form and Revert log the change after saving the relations.
        self._merge_records_of_this_save(obj)
        return super().log_change(request, obj, message)

    @staticmethod
    def _merge_records_of_this_save(obj):
        if not hasattr(obj, "_history_before_save"):
            return
        before = obj.__dict__.pop("_history_before_save")
        records = obj.history.all()
        if before is not None:
            records = records.filter(history_id__gt=before)
        records = list(records.order_by("history_id"))
        if len(records) < 2:
            return
        first, last = records[0], records[-1]
        for record in records[:-1]:
            record.delete()
        if last.history_type != first.history_type:
            last.history_type = first.history_type
            last.save(update_fields=["history_type"])
        if last.history_type == "~" and last.prev_record is not None:
            drop_unchanged_record(type(last), last)
