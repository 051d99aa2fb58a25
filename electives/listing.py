"""What the directory's listing and JSON show for a set of filters: the page, and the
listing template's context (facet options, chips, error links, sorts, canonical URL)."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from .filters import SORTS, VIEWS
from .search import verbatim


def paginate(filters, *, each=None):
    """The requested page of matches (from the index); EmptyPage past the last one.

    With `each` (a function of an elective: card, views.json_result) the page holds what it
    makes of each match, kept per elective (Rendered) instead of the rows.
    """
    found = Rendered(filters.found, each) if each else filters.found
    return Paginator(found, settings.LISTING_PAGE_SIZE).page(filters.page_number)


def card(elective):
    """An elective's card as the listing shows it (about 0.25 ms to render)."""
    return render_to_string("includes/elective_card.html", {"elective": elective, "level": 3})


# What `each` renders of each elective (its card, its JSON result), kept per elective and
# day: a card or a result shows on many pages (page 1 of most searches shares its newest
# electives), so a page whose matches are all here needs no query for its rows. Each is
# keyed by the version whose change last touched its elective (the index row's `stamp`), so an edit
# to one elective renders that one again and keeps every other. About 1.5 KB a card and
# 1 KB a result per process.
MAX_RENDERED = 20_000
_rendered = {"day": None, "by_key": {}}


class Rendered:
    """The matches as `each` makes them: made once per elective, change and day in each
    process. Whatever `each` returns is shared between requests: never change it."""

    def __init__(self, found, each):
        self.found = found
        self.each = each

    def count(self):
        return self.found.count()

    def __getitem__(self, window):
        today = timezone.localdate()
        if _rendered["day"] != today:
            _rendered.update(day=today, by_key={})
        shared = _rendered["by_key"]
        keys = [(self.each, row.pk, row.stamp) for row in self.found.entries(window)]
        # Read into a local dict: another thread may empty the shared one meanwhile.
        rendered = {key: thing for key in keys if (thing := shared.get(key)) is not None}
        missing = {
            pk: (each, pk, stamp) for each, pk, stamp in keys if (each, pk, stamp) not in rendered
        }
        if len(shared) + len(missing) > MAX_RENDERED:
            shared.clear()
        for elective in self.found.rows(list(missing)):
            key = missing[elective.pk]
            rendered[key] = shared[key] = self.each(elective)
        return [rendered[key] for key in keys if key in rendered]


def copied(params):
    """A mutable copy of a QueryDict of strings (QueryDict.copy() deep-copies each value:
    about 30 us, a dozen times a page)."""
    fresh = QueryDict(mutable=True)
    for key, values in params.lists():
        fresh.setlist(key, list(values))
    return fresh


def exports(params):
    """The current search as CSV, JSON and Atom: every match, whatever the page or view."""
    query = copied(params)
    query.pop("view", None)
    feed = copied(query)
    feed.pop("sort", None)  # the feed is always newest first
    return {"csv": query, "json": query, "feed": feed}


def past_the_end(page_number):
    return f"There is no page {page_number}: the results end before it."


def render_listing(request, filters, *, page, status=200):
    """The listing page: its filter form and results rendered by Jinja2, in base.html."""
    context = listing_context(request, filters, page=page)
    html = render_to_string("listing/listing.html", context, request, using="jinja2")
    context["listing"] = mark_safe(html)  # Jinja2 escaped it (autoescape)
    return render(request, "electives/elective_list.html", context, status=status)


def listing_context(request, filters, *, page):
    params = copied(filters.data)
    params.pop("page", None)
    # Rendered cards, or with view=table the electives themselves (and their table).
    cards = list(page) if page else []
    table = filters.shown_as == "table"
    context = {
        "filters": filters,
        "form": filters.form,
        "params": params,
        "page_obj": page,
        "cards": cards,
        "table": render_to_string("includes/results_table.html", {"electives": cards})
        if table and cards
        else None,
        "canonical_url": canonical_url(request, filters),
        "error_links": error_links(filters.form),
        "list_url": reverse("electives:list"),
        "disclaimer": render_to_string("includes/disclaimer.html"),
    }
    if page is None:
        # Invalid filters: the form shows the problems; no facet counts to offer.
        context["facets"], context["languages"] = {}, []
        return context
    context["facets"] = filters.facets()
    context["languages"] = filters.found.languages()
    searching = bool(filters.form.cleaned_data.get("q"))
    context["chips"] = chips(filters, params)
    context["views"] = [(value, label, value == filters.shown_as) for value, label in VIEWS]
    context["exports"] = exports(params)
    context["correction"] = search_correction(filters)
    context["understood"] = understood(filters)
    if not page.paginator.count:
        context["ways_out"] = ways_out(filters, params)
    context["sorts"] = [(v, label) for v, label in SORTS if searching or v != "relevance"]
    context["current_sort"] = filters.sort_order
    context["page_range"] = page.paginator.get_elided_page_range(
        page.number, on_each_side=2, on_ends=1
    )
    return context


def error_anchor(field):
    """Where an error summary's link should land: the field, its group, or its message."""
    if field.is_hidden:
        return f"{field.auto_id}_error"
    if isinstance(field.field.widget, forms.CheckboxSelectMultiple):
        return f"fieldset-{field.name}"
    return field.auto_id


def error_links(form):
    """(anchor, field label, message) for the error summary: each links to its field."""
    return [(error_anchor(field), field.label, error) for field in form for error in field.errors]


def canonical_url(request, filters):
    """The list URL with only the parameters that change what is shown, in a fixed order."""
    data = getattr(filters.form, "cleaned_data", {})
    shown_the_same = ("sort", "view")
    query = [
        (name, value)
        for name in sorted(filters.data)
        if name not in shown_the_same and name in data and not (name == "page" and data[name] == 1)
        for value in sorted(filters.data.getlist(name))
    ]
    url = reverse("electives:list") + (f"?{urlencode(query)}" if query else "")
    return request.build_absolute_uri(url)


def chips(filters, params):
    """One removable chip per active filter value, each linking to the list without it; a
    query's understood words (electives.query) are a chip each."""
    result = []
    for name, value, label in filters.chips():
        if name == "q" and (meaning := _meaning(filters)):
            result.extend(_query_chips(meaning, params))
            continue
        remaining = copied(params)
        if value is None:
            del remaining[name]
        else:
            kept = [v for v in params.getlist(name) if v.lower() != str(value).lower()]
            remaining.setlist(name, kept)
            if not kept:
                del remaining[name]
        result.append({"label": label, "params": remaining})
    return result


def _meaning(filters):
    """The query as understood (electives.query.Understood), if some of its words were."""
    found = filters.found.search
    return found.understood if found is not None and found.understood.terms else None


def _with_query(params, text):
    remaining = copied(params)
    if text:
        remaining["q"] = text
    else:
        remaining.pop("q", None)
    return remaining


def _query_chips(meaning, params):
    """A chip per understood term (the query without its words) and one for the words
    searched as text (the query without them)."""
    result = [
        {"label": term.chip, "params": _with_query(params, meaning.without(term))}
        for term in meaning.terms
    ]
    if meaning.rest:
        understood_only = " ".join(term.typed for term in meaning.terms)
        result.append(
            {"label": f"Search: “{meaning.rest}”", "params": _with_query(params, understood_only)}
        )
    return result


def showing(meaning):
    """The sentence above the results: "Showing Internal Medicine electives in Kenya"."""
    labels = {}
    for term in meaning.terms:
        labels.setdefault(term.kind, {})[term.label] = None
    what = " or ".join(labels.get("specialty", ()))
    kinds = " or ".join(f"{label.lower()}s" for label in labels.get("category", ()))
    where = " or ".join([*labels.get("country", ()), *labels.get("region", ())])
    sentence = "Showing " + (f"{what} " if what else "") + (kinds or "electives")
    if where:
        sentence += f" in {where}"
    if meaning.rest:
        sentence += f" that mention “{meaning.rest}”"
    return sentence


def understood(filters):
    """What the page says of a query read as filters: what it shows, the notes of
    subspecialties and, when nothing matches, the understood terms that find nothing on
    their own and the query without each term that finds something, with its number of
    results; None when no word was understood."""
    meaning = _meaning(filters)
    if meaning is None:
        return None
    found = filters.found
    instead, empty = [], []
    if not found.count():
        several = len(meaning.terms) + bool(meaning.rest) > 1
        for term in meaning.terms:
            if several and not found.count_for(term.typed):
                empty.append(term.chip)  # this word alone finds nothing
            text = meaning.without(term)
            if several and (n := found.count_for(text)):
                instead.append({"text": text, "count": n})
    return {
        "showing": showing(meaning),
        "notes": meaning.notes(),
        "empty": empty,
        "instead": instead,
    }


def search_correction(filters):
    """What the page says when `q` found nothing: the words searched instead and the
    parameter that searches exactly the words typed; the words no elective mentions, and
    the search without them with its number of results."""
    found = filters.found
    read = found.reading
    if not read or not (read.corrected or read.missing):
        return None
    typed = filters.form.cleaned_data["q"]
    return {
        "corrected": read.corrected,
        "typed": typed,
        "verbatim": verbatim(typed, read.corrected) if read.corrected else None,
        "missing": read.missing,
        "without": read.without,
        "without_count": found.count_without_missing(),
    }


def ways_out(filters, params):
    """Each active filter with the number of results without it, as links: most first."""
    labels = {}
    for name, _value, label in filters.chips():
        labels.setdefault(name, []).append(label)
    result = []
    for name, count in filters.found.counts_without().items():
        remaining = copied(params)
        remaining.pop(name, None)
        result.append({"label": ", ".join(labels[name]), "count": count, "params": remaining})
    return sorted(result, key=lambda way: -way["count"])
