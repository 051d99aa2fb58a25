from django import forms

from electives.models import bounded_formfield
from residents.forms import HoneypotForm

from .models import Debrief


class LinkRequestForm(HoneypotForm):
    email = forms.EmailField(
        label="Your e-mail address",
        help_text="We e-mail the link here once a curator has checked your request. "
        "Never shown on the site.",
    )
    note = forms.CharField(
        label="When did you go, and with which program?",
        max_length=1000,
        help_text="It helps the curators check that you took part. Up to 1,000 characters.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


YES_NO = [(True, "Yes"), (False, "No")]


def yes_no(value):
    return {"True": True, "False": False}.get(value, value)


class DebriefForm(forms.ModelForm):
    would_go_again = forms.TypedChoiceField(
        label="Would you go again?", choices=YES_NO, coerce=yes_no, widget=forms.RadioSelect
    )
    safety_incident = forms.TypedChoiceField(
        label="Did anything happen that put your safety at risk?",
        choices=YES_NO,
        coerce=yes_no,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Debrief
        formfield_callback = bounded_formfield  # the HTML's min and max are the model's
        fields = [
            "month", "year", "pgy", "specialty", "weeks", "role", "supervisor", "supervision",
            "patients_per_day", "total_cost_usd", "fee_usd", "housing_usd", "flights_usd",
            "visa_usd", "housing", "safety_incident", "safety_details", "credit_granted",
            "would_go_again", "text",
        ]  # fmt: skip
        widgets = {
            "role": forms.RadioSelect,
            "supervision": forms.RadioSelect,
            "credit_granted": forms.RadioSelect,
            "housing": forms.Textarea(attrs={"rows": 3}),
            "safety_details": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons with no empty "---------" choice.
        for name in ("role", "supervision", "credit_granted"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("safety_incident") and not cleaned.get("safety_details", "").strip():
            self.add_error("safety_details", "Tell us briefly what happened.")
        for name in ("housing", "safety_details", "text"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].replace("\r\n", "\n").strip()
        return cleaned
