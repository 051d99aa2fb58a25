"""The review workflow: draft -> in review -> published -> archived, and who may do what.

Curators may give any status. A sponsor editor may edit their own organizations' electives
and submit a draft for review, nothing else (who is which: electives.access).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, When

from electives.access import is_curator, is_staff_member, may_edit
from electives.models import Elective, Status
from mail.outbox import send
from residents import corrections


def allowed_statuses(user, current):
    """The statuses this user may give an elective now in `current` (itself included)."""
    if not is_staff_member(user):
        return set()
    if is_curator(user):
        return set(Status.values)
    if current == Status.DRAFT:
        return {Status.DRAFT, Status.IN_REVIEW}
    return {current}


def check_transition(user, elective, new_status):
    if not may_edit(user, elective) or new_status not in allowed_statuses(user, elective.status):
        raise PermissionDenied(
            f"You may not move this elective from {elective.get_status_display().lower()} "
            f"to {Status(new_status).label.lower()}."
        )


def prepare_transition(elective, user, new_status, previous_status=None):
    """The one place a status change is checked and its side facts set, whoever asks (the
    review queue, the admin's form and bulk actions, the import): who submitted it for
    review, and a cleared review note once it is published. Does not save."""
    previous_status = elective.status if previous_status is None else previous_status
    check_transition(user, elective, new_status)
    if new_status == Status.IN_REVIEW and previous_status != Status.IN_REVIEW:
        elective.submitted_by = user
    if new_status == Status.PUBLISHED:
        elective.review_note = ""
    elective.status = new_status


def move(elective, user, new_status):
    prepare_transition(elective, user, new_status)
    elective.save()


def submit_for_review(elective, user):
    move(elective, user, Status.IN_REVIEW)


def publish_warning(elective):
    """Published, the facts nobody stated read "not stated": a curator confirms that first
    (the review queue's and the admin's publish both ask)."""
    labels = elective.unstated_labels()
    if not labels:
        return ""
    return (
        f"Not stated yet: {', '.join(labels)}. Set them, or confirm that the page may say "
        "“not stated” for them."
    )


def publish(elective, user, *, unstated_confirmed=False):
    check_transition(user, elective, Status.PUBLISHED)
    if not unstated_confirmed and (warning := publish_warning(elective)):
        raise ValidationError(warning, code="unstated")
    move(elective, user, Status.PUBLISHED)


def archive(elective, user):
    move(elective, user, Status.ARCHIVED)


def send_back(elective, user, note):
    """Back to draft with the note kept on the elective and e-mailed to the submitter."""
    check_transition(user, elective, Status.DRAFT)
    address = submitter_address(elective)
    suggestion = getattr(elective, "suggestion", None)  # None when nobody suggested it
    with transaction.atomic():
        elective.status = Status.DRAFT
        elective.review_note = note
        elective.save()
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
