import datetime
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as format_date
from simple_history.utils import update_change_reason

from electives.models import (
    MAX_WEEKS,
    PGY_MAX,
    PGY_MIN,
    Elective,
    Fact,
    Organization,
    bounded_formfield,
    one_line,
    validate_single_line,
)

from . import boards
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
        formfield_callback = bounded_formfield  # the HTML's min and max are the model's
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The date picker offers the dates clean_start accepts, no others.
        earliest, latest = plan_window()
        self.fields["start"].widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())

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

    j1 = forms.BooleanField(
        label="I am on a J-1 visa",
        required=False,
        widget=forms.CheckboxInput(attrs={"value": "1"}),
        help_text="Adds the step of telling ECFMG. Never stored.",
    )
    specialty = forms.ChoiceField(
        label="Your specialty (for your board's rule)",
        required=False,
        choices=[("", "Choose your specialty"), *boards.CHOICES],
        error_messages={"invalid_choice": "Choose your specialty from the list."},
    )

    def clean_j1(self):
        # A checkbox reads any value as ticked: only its own value, or none, is a choice.
        if self.data.get("j1", "") not in ("", "1", "on"):
            raise ValidationError("Tick the J-1 box, or leave it out (j1=1).", code="invalid")
        return self.cleaned_data["j1"]

    @property
    def query(self):
        """This form's valid answers as a query string ("?start=...") for links to the
        plan, the packet and plan.ics; built from them alone, never from the raw URL."""
        data = getattr(self, "cleaned_data", {})
        pairs = {
            "start": data["start"].isoformat() if data.get("start") else "",
            "j1": "1" if data.get("j1") else "",
            "specialty": data.get("specialty", ""),
        }
        query = urlencode({name: value for name, value in pairs.items() if value})
        return "?" + query if query else ""

    @property
    def board_rule(self):
        return boards.BY_SPECIALTY.get(self.cleaned_data.get("specialty", ""))

    def _post_clean(self):
        super()._post_clean()
        # A date input cannot hold an invalid date: show what was typed as text to fix.
        if "start" in self.errors:
            widget = self.fields["start"].widget
            widget.input_type = "text"
            for bound in ("min", "max"):  # a date's bounds only (HTML)
                widget.attrs.pop(bound, None)


# The packet's form travels in its URL: two texts of this length stay inside the request
# line gunicorn accepts (limit_request_line in gunicorn.conf.py).
RESIDENT_TEXT = 800


class ResidentForm(forms.Form):
    """What the resident writes for this request, printed in the packet: read from the URL
    of one response, never stored, cached, logged or sent (residents.packet)."""

    name = forms.CharField(label="Your name", max_length=200, required=False)
    program = forms.CharField(label="Your residency program", max_length=200, required=False)
    pgy = forms.IntegerField(
        label="Your PGY year",
        required=False,
        min_value=PGY_MIN,
        max_value=PGY_MAX,
        error_messages={
            "min_value": f"PGY is {PGY_MIN} to {PGY_MAX}.",
            "max_value": f"PGY is {PGY_MIN} to {PGY_MAX}.",
        },
    )
    dates = forms.CharField(
        label="Dates you ask for",
        max_length=200,
        required=False,
        help_text="E.g. 6 September to 1 October 2027.",
    )
    program_pays = forms.IntegerField(
        label="What your program pays toward the cost (USD)",
        required=False,
        min_value=0,
        max_value=1_000_000,
    )
    goals = forms.CharField(
        label="Your educational goals",
        max_length=RESIDENT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    supervision = forms.CharField(
        label="How you will be supervised and evaluated",
        max_length=RESIDENT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @classmethod
    def typed_in(cls, params):
        """Whether the request carries anything the resident typed."""
        return any(params.get(name, "").strip() for name in cls.base_fields)
