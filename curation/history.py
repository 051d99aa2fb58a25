"""Who changed what, when (django-simple-history), without records of non-changes."""

from django import forms
from django.dispatch import receiver
from simple_history.admin import SimpleHistoryAdmin
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


class HistoryAdmin(CheckedKeysAdmin, SimpleHistoryAdmin):
    """Admin with a History page (each version's changes, and Revert) and LF-only text."""

    form = NormalisedTextForm
