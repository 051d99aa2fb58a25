"""Two people editing one record in the admin: the second to save must not undo, unseen, what
the first saved meanwhile (an import landing while a form is open counts as a person).

The change form carries the values it showed (`seen`, as JSON in one hidden input). On save,
a field whose saved value differs from what the form showed was changed by someone else: the
form is refused, marks those fields with their new values and keeps what was typed. Shown
again, it carries the values saved now, so saving once more keeps the curator's version.

The saved values are read under a row lock in the save's own transaction (the admin's change
view is one): of two saves landing at the same moment, the second waits for the first to
commit and then compares with what it saved. A form sent without `seen` is refused too (with
the values saved now added, so saving it again goes through): without it, nothing could
tell whether it undoes someone's change.
"""

import json

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from .history import NormalisedTextForm

SEEN = "seen"


def snapshot(instance, names):
    """The saved values of these fields, as JSON text (related objects by primary key)."""
    values = {}
    for name in names:
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a form's own field (a confirmation box): nothing saved to compare
        if field.many_to_many:
            values[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
        else:
            values[name] = field.value_from_object(instance)
    return json.dumps(values, sort_keys=True, cls=DjangoJSONEncoder, default=str)


def _shown(instance, name):
    field = instance._meta.get_field(name)
    if field.many_to_many:
        value = ", ".join(str(related) for related in getattr(instance, name).all())
    elif field.choices:
        value = getattr(instance, f"get_{name}_display")()
    else:
        value = getattr(instance, name)
    return "(empty)" if value in (None, "") else str(value)


def _by_whom(instance):
    history = getattr(instance, "history", None)
    latest = history.first() if history is not None else None
    if latest is not None and latest.history_user is not None:
        return f"by {latest.history_user.get_username()}"
    if latest is not None and latest.history_change_reason:
        return f"by a {latest.history_change_reason}"
    return "by someone else"


def _seen(data):
    """The values the form showed, or None when it was sent without a readable record."""
    try:
        seen = json.loads(data.get(SEEN) or "")
    except (TypeError, ValueError):
        return None
    return seen if isinstance(seen, dict) else None


class EditConflictForm(NormalisedTextForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        if getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is not None:
            return cleaned  # History's Revert: an old version, saved over the current one
        seen = _seen(self.data)
        if seen is None:
            raise forms.ValidationError(
                "This form arrived without its record of the values it showed, so it cannot "
                "tell whether someone else saved meanwhile. Nothing was saved, and what you "
                "typed is still below: save again to keep it.",
                code="edit_conflict_unseen",
            )
        # Locked until this save commits: a save landing at the same moment waits here.
        model = type(self.instance)
        locked = model._default_manager.select_for_update().get(pk=self.instance.pk)
        saved = json.loads(snapshot(locked, self.fields))
        changed = [name for name in saved if name in seen and seen[name] != saved[name]]
        if changed:
            labels = ", ".join(str(self.fields[name].label) for name in changed)
            for name in changed:
                self.add_error(name, f"Saved meanwhile as: {_shown(locked, name)}")
            raise forms.ValidationError(
                f"This {self.instance._meta.verbose_name} was saved {_by_whom(locked)} "
                f"while you were editing it, changing: {labels}. Nothing was saved, and what you "
                "typed is still below. Check the fields marked, then save again to keep your "
                "version.",
                code="edit_conflict",
            )
        return cleaned


class EditConflictAdmin:
    """Mixin for a ModelAdmin (before it in the bases): the check above on its change form."""

    form = EditConflictForm
    change_form_template = "admin/edit_conflict_change_form.html"
    object_history_form_template = "admin/edit_conflict_history_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            # Read again: a refused form has written what was typed onto obj already.
            saved = type(obj)._default_manager.get(pk=obj.pk)
            context[SEEN] = snapshot(saved, context["adminform"].form.fields)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def render_history_view(self, request, template, context, **kwargs):
        # History's Revert (web.history): today's row in a form filled in with an old
        # version's values. Saved over today's row, it is checked like any change.
        form = context.get("adminform") and context["adminform"].form
        if form is not None and getattr(form.instance, "pk", None) is not None:
            saved = type(form.instance)._default_manager.get(pk=form.instance.pk)
            context[SEEN] = snapshot(saved, form.fields)
        return super().render_history_view(request, template, context, **kwargs)
