"""An alert's search, kept as a normalised query string, and the links its e-mails carry."""

from urllib.parse import parse_qsl, urlencode

from django.http import QueryDict
from django.urls import reverse

from electives.filters import directory_filters
from electives.models import TravelAdvisory
from mail.outbox import absolute

# Filters that change how results are shown, not which electives match.
NOT_SEARCH = {"page", "sort"}


def search_query(params):
    """The search's parameters as a normalised query string (only the directory's filters,
    empty values dropped, pairs sorted), and the bound filters to check it with."""
    known = directory_filters(QueryDict()).filters
    pairs = sorted(
        (name, value)
        for name, value in parse_qsl(params.urlencode())
        if value.strip() and name in known and name not in NOT_SEARCH
    )
    query = urlencode(pairs)
    return query, directory_filters(QueryDict(query), paged=False)


def search_summary(query):
    return [f"{name}: {value}" for name, value in parse_qsl(query)]


def search_url(query):
    return reverse("electives:list") + (f"?{query}" if query else "")


def alert_context(alert):
    return {
        "alert": alert,
        "summary": search_summary(alert.query),
        "search_url": absolute(search_url(alert.query)),
        "confirm_url": absolute(reverse("residents:alert-confirm", args=[alert.token])),
        "manage_url": absolute(alert.get_absolute_url()),
        "unsubscribe_url": absolute(reverse("residents:alert-unsubscribe", args=[alert.token])),
    }


def advisory_changes(matches, since, until):
    """(sentence, country page URL) for each country of these matches whose advisory level
    an import changed after `since` and by `until`: news for the alert's next digest."""
    changed = TravelAdvisory.objects.level_changed_since(since).filter(
        level_changed_at__lte=until, country__in=matches.values("country")
    )
    return [
        (
            advisory.level_change,
            absolute(reverse("electives:country", args=[advisory.country.code.lower()])),
        )
        for advisory in changed
    ]
