"""The review workflow: draft -> in review -> published -> archived, and who may do what.

Curators (the publish_elective permission) may give any status. A sponsor editor may edit
their own organizations' electives and submit a draft for review, nothing else. Everyone
else may do nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, When

from electives.models import Elective, Status

from .mail import notify, submitter_address

PUBLISH_PERMISSION = "electives.publish_elective"


def is_curator(user):
    return user.is_active and user.is_staff and user.has_perm(PUBLISH_PERMISSION)


def is_sponsor_editor(user):
    return (
        user.is_active
        and user.is_staff
        and not is_curator(user)
        and user.edited_organizations.exists()
    )


def may_edit(user, elective):
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if is_curator(user):
        return True
    if elective.organization_id is None:  # a new elective: its sponsor is checked on save
        return is_sponsor_editor(user)
    return user.edited_organizations.filter(pk=elective.organization_id).exists()


def allowed_statuses(user, current):
    """The statuses this user may give an elective now in `current` (itself included)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
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


def submit_for_review(elective, user):
    check_transition(user, elective, Status.IN_REVIEW)
    elective.status = Status.IN_REVIEW
    elective.submitted_by = user
    elective.save()


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
    elective.status = Status.PUBLISHED
    elective.review_note = ""
    elective.save()


def archive(elective, user):
    check_transition(user, elective, Status.ARCHIVED)
    elective.status = Status.ARCHIVED
    elective.save()


def send_back(elective, user, note):
    """Back to draft with the note kept on the elective and e-mailed to the submitter."""
    check_transition(user, elective, Status.DRAFT)
    elective.status = Status.DRAFT
    elective.review_note = note
    elective.save()
    address = submitter_address(elective)
    if address:
        notify(
            address,
            f"Sent back: {elective.title}",
            f"The curators sent your elective “{elective.title}” back with this note:\n\n"
            f"{note}\n\nPlease correct it and submit it for review again.",
        )
    return address


def waiting_for_review():
    """In-review electives: suggestions first, then the oldest first.

    A suggestion is an elective with a residents.Suggestion (made by /suggest/).
    """
    queryset = Elective.objects.in_review().select_related("organization", "submitted_by")
    suggested = Case(When(suggestion__isnull=False, then=1), default=0)
    return queryset.annotate(is_suggestion=suggested).order_by("-is_suggestion", "created_at", "id")
