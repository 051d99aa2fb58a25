import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as format_date
from simple_history.utils import update_change_reason

from electives.models import (
    MAX_WEEKS,
    Elective,
    Fact,
    Organization,
    one_line,
    validate_single_line,
)

from .models import NAMED_IN_A_SUGGESTION, Alert, ProblemReport, Suggestion

MAX_TEXT = 5000
REFUSED = "Your message looked automated, so it was not sent. If you are a person, try again."


class HoneypotForm(forms.Form):
    """A field people never see (site.css hides it) and form-filling robots fill in."""

    required_css_class = "required"  # site.css marks these labels "(required)"

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(REFUSED, code="honeypot")
        return ""


class SuggestionForm(HoneypotForm, forms.ModelForm):
    # Saved by the view, not through this form: the model fields' rules, stated here.
    organization_name = Organization._meta.get_field("name").formfield(
        label="Sponsor (organization)", validators=[validate_single_line]
    )
    weeks = forms.IntegerField(
        label="Usual length in weeks",
        min_value=1,
        max_value=MAX_WEEKS,
        initial=4,
        help_text="A guess is fine: curators check it with the sponsor.",
    )
    description = forms.CharField(
        label="What residents do there, who can apply, costs",
        max_length=MAX_TEXT,
        help_text="Plain text, up to 5,000 characters.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    housing_answer = forms.ChoiceField(
        label="Does the sponsor provide housing?",
        choices=[("yes", "Yes"), ("no", "No"), ("", "I don't know")],
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    submitter_name = Suggestion._meta.get_field("submitter_name").formfield(
        label="Your name", validators=[validate_single_line]
    )
    submitter_email = forms.EmailField(
        label="Your e-mail address",
        help_text="Only curators see it; we send you a confirmation.",
    )

    class Meta:
        model = Elective
        fields = ["title", "organization_name", "category", "country", "city", "url"]
        fields += ["contact_email", "description", "weeks", "pgy_min", "pgy_max", "cost_usd"]
        fields += ["housing_answer", "deadline", "submitter_name", "submitter_email", "website"]
        labels = {
            "title": "Title of the elective",
            "url": "Web page with the details (http or https)",
            "contact_email": "Sponsor's contact e-mail address",
            "pgy_min": "Lowest PGY year accepted",
            "pgy_max": "Highest PGY year accepted",
            "cost_usd": "Program fee in U.S. dollars",
        }
        help_texts = {
            "city": "",
            "pgy_min": "Leave empty if you don't know.",
            "pgy_max": "Leave empty if you don't know or there is no upper limit.",
            "cost_usd": "0 if free; leave empty if you don't know.",
            "deadline": "YYYY-MM-DD. Leave empty if you don't know.",
        }
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}

    def unstated_facts(self):
        """What the submitter did not tell us (specialties and languages are not asked):
        the site says "not stated" until a curator sets them."""
        data = self.cleaned_data
        told = {
            Fact.HOUSING: data["housing_answer"] != "",
            Fact.PGY: data["pgy_min"] is not None or data["pgy_max"] is not None,
            Fact.DEADLINE: data["deadline"] is not None,
        }
        return [fact.value for fact in Fact if not told.get(fact, False)]

    def _post_clean(self):
        super()._post_clean()
        self.instance.housing = self.cleaned_data.get("housing_answer") == "yes"

    def elective(self):
        """The elective as the form tells it, unsaved: what the form asks in its own
        words (sponsor, weeks, housing, what was not said) set on the model's fields."""
        data = self.cleaned_data
        elective = self.save(commit=False)
        elective.organization, created = Organization.objects.get_or_create(
            name=data["organization_name"]
        )
        if created:
            update_change_reason(elective.organization, NAMED_IN_A_SUGGESTION)
        elective.weeks_min = elective.weeks_max = data["weeks"]
        elective.summary = one_line(data["description"].splitlines()[0])[:300]
        elective.unstated = self.unstated_facts()
        return elective

    # What an empty choice reads as, instead of Django's "---------".
    EMPTY_CHOICES = {"category": "Choose a category", "country": "Choose a country"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.EMPTY_CHOICES.items():
            field = self.fields[name]
            field.choices = [("", label), *[c for c in field.choices if c[0] != ""]]


class CorrectionForm(SuggestionForm):
    """The submitter corrects a suggestion sent back to them: the same questions, filled in
    with what the elective says now; who they are is known already."""

    submitter_name = submitter_email = None

    class Meta(SuggestionForm.Meta):
        fields = [f for f in SuggestionForm.Meta.fields if not f.startswith("submitter_")]

    def __init__(self, *args, instance, **kwargs):
        housing = "yes" if instance.housing else "no"
        initial = {
            "organization_name": instance.organization.name,
            "weeks": instance.weeks_min,
            "housing_answer": "" if Fact.HOUSING in instance.unstated else housing,
        }
        super().__init__(*args, instance=instance, initial=initial, **kwargs)


class ProblemReportForm(HoneypotForm, forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["kind", "message", "website"]
        labels = {"kind": "What is wrong?", "message": "Tell us more"}
        help_texts = {"message": "Up to 2,000 characters. Please leave out patients' details."}
        widgets = {"kind": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 6})}


class AlertForm(HoneypotForm, forms.ModelForm):
    class Meta:
        model = Alert
        fields = ["email", "frequency", "website"]
        labels = {"email": "Your e-mail address", "frequency": "How often"}
        widgets = {"frequency": forms.RadioSelect}


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = Alert
        fields = ["frequency"]
        labels = {"frequency": "How often"}
        widgets = {"frequency": forms.RadioSelect}


def plan_window(today=None):
    """The start dates a plan accepts: a trip begun up to a year ago (to see the return
    steps) to five years ahead; far dates would also overflow the checklist's arithmetic."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=365), today + datetime.timedelta(days=5 * 365)


class PlanForm(forms.Form):
    start = forms.DateField(
        label="Planned start date",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as YYYY-MM-DD, e.g. 2027-03-01."},
    )

    def clean_start(self):
        start = self.cleaned_data["start"]
        earliest, latest = plan_window()
        if start and not earliest <= start <= latest:
            raise ValidationError(
                f"Choose a start date from {format_date(earliest, 'j F Y')} "
                f"to {format_date(latest, 'j F Y')}.",
                code="out_of_range",
            )
        return start

    def _post_clean(self):
        super()._post_clean()
        # A date input cannot hold an invalid date: show what was typed as text to fix.
        if "start" in self.errors:
            self.fields["start"].widget.input_type = "text"
