"""The curators' side of the review workflow: the queue, and the mail a send-back sends.

The moves themselves (who may, and their effects) are electives.workflow's.
"""

from django.db import transaction
from django.db.models import Case, When

from electives import workflow
from electives.models import Elective
from mail.outbox import send
from residents import corrections


def send_back(elective, user, note):
    """Back to draft with the note kept on the elective and e-mailed to the submitter."""
    address = submitter_address(elective)
    suggestion = getattr(elective, "suggestion", None)  # None when nobody suggested it
    with transaction.atomic():
        workflow.send_back(elective, user, note)
        context = {"elective": elective, "note": note}
        if suggestion is not None:
            # The public submitter has no account: a link to correct it is their way back.
            link = corrections.send_back(suggestion, note)
            context.update(correct_url=link.absolute_url(), max_age_days=link.link_max_age_days)
        send([address], "sent_back", context)
    return address


def submitter_address(elective):
    """Who hears about a send-back: whoever suggested it through /suggest/, or the sponsor
    editor who submitted it."""
    suggestion = getattr(elective, "suggestion", None)  # None when nobody suggested it
    if suggestion is not None:
        return suggestion.submitter_email
    if elective.submitted_by is not None and elective.submitted_by.email:
        return elective.submitted_by.email
    return ""


def waiting_for_review():
    """In-review electives: suggestions first, then the oldest first.

    A suggestion is an elective with a residents.Suggestion (made by /suggest/).
    """
    queryset = Elective.objects.in_review().select_related("organization", "submitted_by")
    suggested = Case(When(suggestion__isnull=False, then=1), default=0)
    return queryset.annotate(is_suggestion=suggested).order_by("-is_suggestion", "created_at", "id")
