from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .filters import directory_filters
from .views import invalid_filters_text

FEED_SIZE = 50


class InvalidFilters(Exception):
    def __init__(self, filters):
        super().__init__("invalid filters")
        self.filters = filters


class ElectiveFeed(Feed):
    """The newest 50 electives matching the listing's filters (`page` and `sort` ignored)."""

    feed_type = Atom1Feed
    title = "Electives Abroad: newest electives"
    subtitle = "International electives for U.S. resident physicians, newest first."

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilters as error:
            return invalid_filters_text(error.filters)

    def get_object(self, request, *args, **kwargs):
        filters = directory_filters(request.GET, paged=False)
        if not filters.is_valid():
            raise InvalidFilters(filters)
        return filters

    def link(self, filters):
        query = filters.data.copy()
        query.pop("sort", None)
        url = reverse("electives:list")
        return f"{url}?{query.urlencode()}" if query else url

    def items(self, filters):
        return filters.newest().select_related("organization")[:FEED_SIZE]

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
