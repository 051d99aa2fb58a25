from django import forms
from django.core import signing
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .models import VerificationRequest
from .verification import apply_answers

ACCURATE, CHANGED = "accurate", "changed"


class VerifyForm(forms.Form):
    """For each elective: still accurate, or what changed."""

    def __init__(self, electives, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.electives = list(electives)
        for elective in self.electives:
            self.fields[f"answer_{elective.pk}"] = forms.ChoiceField(
                choices=[(ACCURATE, "Still accurate"), (CHANGED, "Something changed")],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose whether it is still accurate."},
            )
            self.fields[f"changes_{elective.pk}"] = forms.CharField(
                label="What changed?", required=False, max_length=4000, widget=forms.Textarea
            )

    def clean(self):
        cleaned = super().clean()
        for elective in self.electives:
            if (
                cleaned.get(f"answer_{elective.pk}") == CHANGED
                and not cleaned.get(f"changes_{elective.pk}", "").strip()
            ):
                self.add_error(f"changes_{elective.pk}", "Tell us what changed.")
        return cleaned

    def rows(self):
        for elective in self.electives:
            yield elective, self[f"answer_{elective.pk}"], self[f"changes_{elective.pk}"]

    def answers(self):
        return {
            elective: (
                self.cleaned_data[f"changes_{elective.pk}"].strip()
                if self.cleaned_data[f"answer_{elective.pk}"] == CHANGED
                else None
            )
            for elective in self.electives
        }


def used(request):
    return render(request, "curation/verify_closed.html", {"reason": "used"}, status=410)


@never_cache
def verify(request, token):
    try:
        verification = VerificationRequest.from_token(token)
    except signing.SignatureExpired:
        return render(request, "curation/verify_closed.html", {"reason": "expired"}, status=410)
    except (signing.BadSignature, ValueError, VerificationRequest.DoesNotExist):
        return render(request, "curation/verify_closed.html", {"reason": "invalid"}, status=404)
    if verification.answered_at is not None:
        return used(request)

    electives = verification.electives.order_by("title")
    form = VerifyForm(electives, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not apply_answers(verification, form.answers()):
            return used(request)
        return render(request, "curation/verify_done.html", {"verification": verification})
    context = {"verification": verification, "form": form}
    return render(request, "curation/verify.html", context, status=400 if form.errors else 200)
