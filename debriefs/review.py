"""A debrief's way: link sent (or asked for and approved) -> filled in -> in review ->
published, sent back (a new link, with the curator's note) or rejected. Curators decide,
as for electives (curation.workflow); sponsor editors send links and reply."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from electives.access import edits_organization, is_curator
from mail.outbox import notify_curators, send

from .models import Debrief, DebriefLink

# A participant has no account: the history record of what they sent says who it was.
FROM_THE_PARTICIPANT = "sent by the participant (debrief link)"


def may_send_links(user, elective):
    """Curators, and the sponsor's editors for their own electives."""
    return edits_organization(user, elective.organization_id)


def send_link(link, user=None):
    """E-mail the link to the participant (after the commit)."""
    link.sent_at = timezone.now()
    link.sent_by = user if user is not None and user.is_authenticated else None
    link.save()
    send([link.email], "debrief_link", {"link": link, "elective": link.elective})


def request_link(elective, email, note):
    """A resident asks for a link: the curators approve it first (no link goes out yet)."""
    with transaction.atomic():
        link = DebriefLink.objects.create(
            elective=elective, email=email, note=note, requested_at=timezone.now()
        )
        notify_curators("debrief_requested", {"link": link, "elective": elective})
    return link


def approve(link, user):
    if not is_curator(user):
        raise PermissionDenied("Only curators approve requests for debrief links.")
    send_link(link, user)


def submit(link, debrief):
    """The participant's answers: in review, the link used up, the curators told.

    Returns None, saving nothing, when the link was used already: by a parallel submission
    of the same form too (a double click, a mail scanner replaying it)."""
    with transaction.atomic():
        # The link is taken first, by one conditional UPDATE: a parallel submission waits
        # for this transaction here, then finds the link used.
        used_at = timezone.now()
        taken = DebriefLink.objects.filter(pk=link.pk, used_at__isnull=True)
        if not taken.update(used_at=used_at):
            return None
        debrief.elective = link.elective
        debrief.email = link.email
        debrief.status = Debrief.Status.IN_REVIEW
        debrief._change_reason = FROM_THE_PARTICIPANT  # the History page's "changed by"
        debrief.save()
        link.debrief, link.used_at = debrief, used_at
        link.save(update_fields=["debrief"])
        notify_curators("debrief_received", {"debrief": debrief, "elective": link.elective})
    return debrief


def decide(debrief, user, decision, note=""):
    """publish, send_back (note required: e-mailed with a new link) or reject."""
    if not is_curator(user):
        raise PermissionDenied("Only curators publish, send back or reject debriefs.")
    debrief._history_user = user
    if decision == "publish":
        debrief.status, debrief.review_note = Debrief.Status.PUBLISHED, ""
        debrief.save()
    elif decision == "reject":
        debrief.status, debrief.review_note = Debrief.Status.REJECTED, note
        debrief.save()
    else:
        with transaction.atomic():
            debrief.status, debrief.review_note = Debrief.Status.SENT_BACK, note
            debrief.save()
            link = DebriefLink.objects.create(
                elective=debrief.elective, email=debrief.email, debrief=debrief
            )
            link.sent_at, link.sent_by = timezone.now(), user
            link.save()
            send(
                [debrief.email],
                "debrief_sent_back",
                {"link": link, "elective": debrief.elective, "note": note},
            )
