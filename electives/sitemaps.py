from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Elective, Organization, published

# A sitemap page holds up to this many URLs (the protocol allows 50,000). At under 500 bytes
# a URL, even with a 200-character slug, a page stays under the page cache's 1 MB limit
# (electives.cache.MAX_CACHED_BYTES): each page is rendered once per content version.
PAGE_SIZE = 2_000


class PublishedContentSitemap(Sitemap):
    """A sitemap of what published electives make public, paged for the sitemap index."""

    limit = PAGE_SIZE
    changefreq = "weekly"

    def get_latest_lastmod(self):
        # One aggregate; Django's default calls lastmod() on every item of the section.
        return Elective.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "electives:list", "electives:organizations", "electives:countries"]

    def location(self, item):
        return reverse(item)


class ElectiveSitemap(PublishedContentSitemap):
    def items(self):
        return Elective.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, elective):
        return elective.updated_at


class OrganizationSitemap(PublishedContentSitemap):
    """Sponsors with at least one published elective: the others have no public page."""

    def items(self):
        return (
            Organization.objects.annotate(
                last_change=Max("electives__updated_at", filter=published("electives__"))
            )
            .filter(last_change__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, organization):
        return organization.last_change


class CountrySitemap(PublishedContentSitemap):
    def items(self):
        return list(
            Elective.objects.published()
            .order_by("country")
            .values("country")
            .annotate(last_change=Max("updated_at"))
        )

    def location(self, item):
        return reverse("electives:country", args=[item["country"].lower()])

    def lastmod(self, item):
        return item["last_change"]
