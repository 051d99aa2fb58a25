"""A warm first visit: what every worker will need, prepared once in gunicorn's master.

Before the first fork (gunicorn.conf.py, when_ready) the master builds the index and then,
within a time budget (WARM_UP_SECONDS), runs the listing's commonest selections as requests
would: the directory's first pages in each order, each specialty, region and category, and
searches of the words residents type most (the specialties' names). That leaves in the
master's memory, shared by every worker it forks:
- the cards and JSON results of the electives those pages show (electives.listing.Rendered),
  then the cards of the newest electives until the budget runs out;
- the index's kept searches for those words (electives.index) and their facet counts.

A worker restarted later inherits them too; after an edit only the edited elective's card
is made again. bench/README.md has the figures (`bench/cold.py`, the first 10 and 30 s
after a start).
"""

import logging
import time

from django.conf import settings
from django.core.paginator import EmptyPage
from django.http import QueryDict

from .filters import SORTS, directory_filters
from .listing import MAX_RENDERED, Rendered, card, paginate
from .models import Category, Specialty
from .regions import Region

logger = logging.getLogger(__name__)

# Cards rendered at a time once the common pages are done, between checks of the budget.
BATCH = 200


def common_selections():
    """Query strings of the pages most visits start from, commonest first."""
    yield ""
    for page in (2, 3):
        yield f"page={page}"
    for sort, _ in SORTS:
        if sort != "relevance":  # without a search it is the newest first
            yield f"sort={sort}"
    specialties = list(Specialty.objects.values_list("slug", "name"))
    for slug, _ in specialties:
        yield f"specialty={slug}"
    for region in Region:
        yield f"region={region.value}"
    for category in Category:
        yield f"category={category.value}"
    for _, name in specialties:
        yield f"q={name.lower()}"


def warm_up(seconds=None):
    """Prepare within `seconds` (settings.WARM_UP_SECONDS): how many selections and cards."""
    from .views import json_result

    budget = settings.WARM_UP_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + budget
    selections = cards = 0
    for query in common_selections():
        if time.monotonic() >= deadline:
            break
        filters = directory_filters(QueryDict(query))
        if not filters.is_valid():
            continue
        try:
            paginate(filters, each=card)
            paginate(filters, each=json_result)
        except EmptyPage:  # a small directory has fewer pages
            continue
        filters.facets()
        selections += 1
    everything = directory_filters(QueryDict(""))
    everything.is_valid()
    newest = everything.found
    rendered = Rendered(newest, card)
    # Half the room at most: a full store is emptied by the next card a request adds.
    total = min(newest.count(), MAX_RENDERED // 2)
    while cards < total and time.monotonic() < deadline:
        rendered[cards : cards + BATCH]
        cards += BATCH
    logger.info(
        "Warmed up %d selections and the newest %d cards in %.1f s",
        selections,
        min(cards, total),
        budget - max(deadline - time.monotonic(), 0),
    )
    return selections, min(cards, total)
