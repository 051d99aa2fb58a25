"""An elective's life: draft -> in review -> published -> archived. The one place its status
changes (tests/test_status_writes.py fails on any other writer), with each move's effects:

- into review: who submitted it (told when it is sent back);
- published: the first publication is stamped (Elective.stamp_publication) and the review
  note is cleared; a curator first confirms the facts nobody stated (publish_warning);
- sent back to draft: the note, kept for the submitter;
- expired (not verified for long): back to review, with why prepended to the note.

Who may do what: curators give any status; a sponsor editor may submit their own
organizations' drafts for review, nothing else (electives.access). Moves asked for by the
public (a suggestion), a command (expiry) or a curator's CSV import are checked where they
are asked for. The mail that follows a move lives in curation.workflow.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from .access import is_curator, is_staff_member, may_edit
from .models import Status

# The History page's "changed by" for moves nobody signed in made.


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


def publish_warning(elective):
    """Published, the facts nobody stated read "not stated": a curator confirms that first
    (the review queue's, the admin's form and its bulk action all ask)."""
    labels = elective.unstated_labels()
    if not labels:
        return ""
    return (
        f"Not stated yet: {', '.join(labels)}. Set them, or confirm that the page may say "
        "“not stated” for them."
    )


def _enter(elective, new_status, *, by=None, now=None):
    """The effects of entering new_status, whoever asked; does not check nor save."""
    if new_status == Status.IN_REVIEW and elective.status != Status.IN_REVIEW and by is not None:
        elective.submitted_by = by
    elective.status = new_status
    if new_status == Status.PUBLISHED:
        elective.review_note = ""
    elective.stamp_publication(now)


def move(elective, user, new_status):
    check_transition(user, elective, new_status)
    _enter(elective, new_status, by=user)
    elective.save()


def submit_for_review(elective, user):
    move(elective, user, Status.IN_REVIEW)


def publish(elective, user, *, unstated_confirmed=False):
    check_transition(user, elective, Status.PUBLISHED)
    if not unstated_confirmed and (warning := publish_warning(elective)):
        raise ValidationError(warning, code="unstated")
    move(elective, user, Status.PUBLISHED)


def archive(elective, user):
    move(elective, user, Status.ARCHIVED)


def send_back(elective, user, note):
    """Back to draft with the note kept for the submitter (curation.workflow mails it)."""
    check_transition(user, elective, Status.DRAFT)
    _enter(elective, Status.DRAFT, by=user)
    elective.review_note = note
    elective.save()


def edited(elective, user, stored):
    """The admin's form has put the chosen status on `elective`; `stored` is the row as it
    was (an unsaved Elective without a sponsor for a new one). Checks the move and applies
    its effects; the admin saves."""
    chosen, elective.status = elective.status, stored.status
    check_transition(user, stored, chosen)
    _enter(elective, chosen, by=user)


def suggested(elective, reason):
    """A new elective from the public's /suggest/ form: in review, its history naming where it
    came from. Does not save (the caller sets the rest first)."""
    _enter(elective, Status.IN_REVIEW)
    elective._change_reason = reason  # simple_history's "changed by" on the History page


def expire(elective, months, today=None):
    """A published elective not verified for `months` goes back to review, off the site, with
    why at the top of its review note."""
    today = today or timezone.localdate()
    since = elective.last_verified.isoformat() if elective.last_verified else "never"
    note = (
        f"{today.isoformat()}: not verified for {months} months (last: {since}); "
        "taken off the site until re-verified."
    )
    elective.review_note = f"{note}\n\n{elective.review_note}".strip()
    _enter(elective, Status.IN_REVIEW)
    # The History page says which job did it, and why.
    elective._change_reason = f"expire_stale: not verified for {months} months"
    elective.save()


def imported(elective, now):
    """A CSV row has set the status (curators only import): the same effects as any move.
    The import writes in bulk, so this does not save."""
    _enter(elective, elective.status, now=now)
