"""Public forms limited per address (settings.FORM_RATE_LIMIT), refused with what was typed
kept: the report, suggest, alerts and debrief forms share it."""

import logging

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)

TOO_MANY = (
    "You have sent several forms in a short time, so this one was not accepted. "
    "Nothing you typed is lost: please wait an hour and send it again."
)


def refused_by_rate_limit(request, form, group):
    """Count this submission against the address; add a clear error when over the limit.

    The count lives in the shared cache (Redis). When that cannot be reached the form is
    accepted uncounted: a resident's report must not be lost to a cache outage, and a flood
    in that while is at worst a few extra rows for curators to delete.
    """
    try:
        limited = is_ratelimited(
            request, group=group, key="ip", rate=settings.FORM_RATE_LIMIT, increment=True
        )
    except Exception:
        logger.warning(
            "Rate limit cache unavailable: %s form accepted uncounted", group, exc_info=True
        )
        return False
    if limited:
        form.add_error(None, TOO_MANY)
    return limited


def refused(request, template, context, limited):
    """A form that was not accepted, shown again with everything typed kept."""
    return render(request, template, context, status=429 if limited else 400)
