from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .filters import directory_filters
from .views import invalid_filters_text

FEED_SIZE = 50


class PlainTextAtom1Feed(Atom1Feed):
    """Atom with each entry's summary sent as what it is, plain text (type="text").

    Django's Atom1Feed declares every summary `type="html"`, so a reader would run a
    summary such as `<img src=x onerror=...>` as markup.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ElectiveFeed(Feed):
    """The newest 50 electives matching the listing's filters (`page` and `sort` ignored)."""

    feed_type = PlainTextAtom1Feed
    title = "Electives Abroad: newest electives"
    subtitle = "International electives for U.S. resident physicians, newest first."

    def __call__(self, request, *args, **kwargs):
        filters = directory_filters(request.GET, paged=False)
        if not filters.is_valid():
            return invalid_filters_text(filters)
        return super().__call__(request, filters=filters)

    def get_object(self, request, filters):
        return filters

    def link(self, filters):
        query = filters.data.copy()
        query.pop("sort", None)
        url = reverse("electives:list")
        return f"{url}?{query.urlencode()}" if query else url

    def items(self, filters):
        return filters.found.newest(FEED_SIZE)

    def item_title(self, elective):
        return elective.title

    def item_description(self, elective):
        return elective.summary

    def item_author_name(self, elective):
        return elective.organization.name

    def item_pubdate(self, elective):
        return elective.published_at

    def item_updateddate(self, elective):
        return elective.updated_at

    def item_categories(self, elective):
        return [elective.get_category_display(), elective.country.name]
