"""Every e-mail the curation workflow sends goes through here."""

from django.core.mail import send_mail

from residents.mail import curators


def notify_curators(subject, body):
    """A plain-text e-mail to the curators; returns how many messages went out (0 or 1)."""
    if not (to := curators(repr(subject))):
        return 0
    return send_mail(f"[Electives Abroad] {subject}", body, None, to)


def notify(address, subject, body):
    return send_mail(f"[Electives Abroad] {subject}", body, None, [address])


def submitter_address(elective):
    """Who hears about a send-back: whoever suggested it through /suggest/, or the sponsor
    editor who submitted it."""
    suggestion = getattr(elective, "suggestion", None)  # None when nobody suggested it
    if suggestion is not None:
        return suggestion.submitter_email
    if elective.submitted_by is not None and elective.submitted_by.email:
        return elective.submitted_by.email
    return ""
