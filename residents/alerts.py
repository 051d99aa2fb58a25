"""An alert's search, kept as a normalised query string, and the links its e-mails carry."""

from urllib.parse import parse_qsl, urlencode

from django.http import QueryDict
from django.urls import reverse

from electives.filters import directory_filters
from electives.models import TravelAdvisory
from mail.outbox import absolute

from .models import Alert

# Filters that change how results are shown, not which electives match.
NOT_SEARCH = {"page", "sort", "view"}
MAX_QUERY_LENGTH = Alert._meta.get_field("query").max_length


def search_query(params):
    """The search's parameters as a normalised query string (only the directory's filters,
    values stripped, empty and repeated values dropped, pairs sorted), and the bound
    filters to check it with."""
    known = directory_filters(QueryDict()).filters
    pairs = sorted(
        {
            (name, value.strip())
            for name, value in parse_qsl(params.urlencode())
            if value.strip() and name in known and name not in NOT_SEARCH
        }
    )
    query = urlencode(pairs)
    return query, directory_filters(QueryDict(query), paged=False)


def search_errors(query, filters):
    """Why this search cannot be an alert: the filters' own messages, or its length."""
    errors = [message for messages in filters.errors.values() for message in messages]
    if len(query) > MAX_QUERY_LENGTH:
        errors.append(
            f"This search is too long to keep as an alert ({len(query):,} characters as a "
            f"web address; at most {MAX_QUERY_LENGTH:,}): remove some of its filters."
        )
    return errors


def search_summary(query):
    """The search in the listing's own words (its chips: "Fee up to $2,000", "Kenya"); a
    value no longer valid (a specialty since removed) is shown as stored."""
    filters = directory_filters(QueryDict(query), paged=False)
    filters.is_valid()
    labels = [text for _, _, text in filters.chips()]
    labels += [
        f"{filters.filters[name].label}: {value}"
        for name, value in parse_qsl(query)
        if name in filters.form.errors
    ]
    return labels


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


def advisory_changes(countries, since, until):
    """(sentence, country page URL) for each of these countries (an alert's matches')
    whose advisory level an import changed after `since` and by `until`: news for the
    alert's next digest."""
    changed = TravelAdvisory.objects.level_changed_since(since).filter(
        level_changed_at__lte=until, country__in=countries
    )
    return [
        (
            advisory.level_change,
            absolute(reverse("electives:country", args=[advisory.country.code.lower()])),
        )
        for advisory in changed
    ]
