"""Setting the same approval facts on many electives at once (a sponsor that signs one
letter of agreement for all its sites): choose the fields, see each elective's old and new
values, then apply: one save, so one history record, per elective."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import flatten
from django.template.response import TemplateResponse

from electives import access
from electives.models import Elective, Status

# The admin's fieldset that groups the approval fields: the action sets whatever it lists,
# so a field added there is offered here too.
APPROVAL_FIELDSET = "For the resident's program (approval)"


def approval_fields(elective_admin):
    for name, options in elective_admin.fieldsets:
        if name == APPROVAL_FIELDSET:
            return flatten(options["fields"])
    raise LookupError(f"ElectiveAdmin has no fieldset {APPROVAL_FIELDSET!r}")


def approval_form(fields):
    """A form of the approval fields (the model's own, every one optional here) and which
    of them to set."""
    model_form = forms.modelform_factory(Elective, fields=fields)

    class ApprovalFactsForm(model_form):
        chosen = forms.MultipleChoiceField(
            label="Set these fields",
            choices=[(name, _label(name)) for name in fields],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Tick at least one field to set."},
            help_text="Only the ticked fields change; an empty one is set to “not stated”.",
        )

        def values(self):
            return {name: self.cleaned_data[name] for name in self.cleaned_data["chosen"]}

    return ApprovalFactsForm


def _shown(elective, name):
    field = Elective._meta.get_field(name)
    value = getattr(elective, name)
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    return "not stated" if value in (None, "") else str(value)


def set_approval_facts(modeladmin, request, queryset, electives):
    """The action's page: the form, then the preview, then the writes. `queryset` is what
    was ticked (electives, or sponsors), `electives` the electives it means."""
    electives = [
        elective
        for elective in electives.select_related("organization").order_by("title")
        if access.may_edit(request.user, elective)
    ]
    fields = approval_fields(modeladmin.admin_site.get_model_admin(Elective))
    Form = approval_form(fields)
    form = Form(request.POST if "preview" in request.POST or "apply" in request.POST else None)
    if form.is_valid() and "apply" in request.POST:
        values = form.values()
        reason = f"approval facts set on {len(electives)} elective(s) at once"
        for elective in electives:
            for name, value in values.items():
                setattr(elective, name, value)
            elective._change_reason = reason
            elective.save()
        modeladmin.message_user(
            request,
            f"Set {', '.join(map(_label, values))} on {len(electives)} elective(s).",
            messages.SUCCESS,
        )
        return None
    preview = None
    if form.is_valid():
        preview = [(elective, _changes(elective, form.values())) for elective in electives]
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": "Set approval facts",
        "form": form,
        "electives": electives,
        "preview": preview,
        "selected": queryset.values_list("pk", flat=True),
        "action": request.POST.get("action", ""),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/electives/elective/approval_facts.html", context)


def _label(name):
    return Elective._meta.get_field(name).verbose_name


def _changes(elective, values):
    """(label, old, new) in words for each value that differs from the elective's."""
    changes = []
    for name, value in values.items():
        old, new = _shown(elective, name), _shown(Elective(**{name: value}), name)
        if old != new:
            changes.append((_label(name), old, new))
    return changes


@admin.action(description="Set approval facts on selected electives", permissions=["change"])
def set_approval_facts_of_electives(modeladmin, request, queryset):
    return set_approval_facts(modeladmin, request, queryset, queryset)


@admin.action(
    description="Set approval facts on all electives of selected sponsors", permissions=["change"]
)
def set_approval_facts_of_sponsors(modeladmin, request, queryset):
    electives = Elective.objects.filter(organization__in=queryset).exclude(status=Status.ARCHIVED)
    return set_approval_facts(modeladmin, request, queryset, electives)
