from django import forms
from django.core.exceptions import ValidationError

from electives.models import Elective

from .models import Alert, ProblemReport

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
    organization_name = forms.CharField(label="Sponsor (organization)", max_length=200)
    weeks = forms.IntegerField(
        label="Usual length in weeks",
        min_value=1,
        max_value=104,
        initial=4,
        help_text="A guess is fine: curators check it with the sponsor.",
    )
    description = forms.CharField(
        label="What residents do there, who can apply, costs",
        max_length=MAX_TEXT,
        help_text="Plain text, up to 5,000 characters.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    submitter_name = forms.CharField(label="Your name", max_length=100)
    submitter_email = forms.EmailField(
        label="Your e-mail address",
        help_text="Only curators see it; we send you a confirmation.",
    )

    class Meta:
        model = Elective
        fields = ["title", "organization_name", "category", "country", "city", "url"]
        fields += ["contact_email", "description", "weeks", "submitter_name", "submitter_email"]
        fields += ["website"]
        labels = {
            "title": "Title of the elective",
            "url": "Web page with the details (http or https)",
            "contact_email": "Sponsor's contact e-mail address",
        }
        help_texts = {"city": ""}

    # What an empty choice reads as, instead of Django's "---------".
    EMPTY_CHOICES = {"category": "Choose a category", "country": "Choose a country"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.EMPTY_CHOICES.items():
            field = self.fields[name]
            field.choices = [("", label), *[c for c in field.choices if c[0] != ""]]


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


class PlanForm(forms.Form):
    start = forms.DateField(
        label="Planned start date",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as YYYY-MM-DD, e.g. 2027-03-01."},
    )

    def _post_clean(self):
        super()._post_clean()
        # A date input cannot hold an invalid date: show what was typed as text to fix.
        if "start" in self.errors:
            self.fields["start"].widget.input_type = "text"
