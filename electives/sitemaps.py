from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from .models import Elective, Organization, Status


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "electives:list", "electives:organizations", "electives:countries"]

    def location(self, item):
        return reverse(item)


class ElectiveSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Elective.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, elective):
        return elective.updated_at


class OrganizationSitemap(Sitemap):
    """Sponsors with at least one published elective: the others have no public page."""

    changefreq = "weekly"

    def items(self):
        return (
            Organization.objects.annotate(
                last_change=Max(
                    "electives__updated_at", filter=Q(electives__status=Status.PUBLISHED)
                )
            )
            .filter(last_change__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, organization):
        return organization.last_change


class CountrySitemap(Sitemap):
    changefreq = "weekly"

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
