"""Forms shared by the apps' admin screens."""

from django import forms


class DecisionForm(forms.Form):
    """A reviewer's decision with a note, which sending back needs. Subclasses declare the
    `decision` and `note` fields and what a send-back without a note is told."""

    send_back_needs_a_note = "Say what must change before sending it back."

    def clean(self):
        cleaned = super().clean()
        note = cleaned.get("note", "").replace("\r\n", "\n").strip()
        if cleaned.get("decision") == "send_back" and not note:
            self.add_error("note", self.send_back_needs_a_note)
        cleaned["note"] = note
        return cleaned
