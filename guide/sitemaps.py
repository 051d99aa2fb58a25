from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import pages


class GuideSitemap(Sitemap):
    """The guide's index and every guide page, the resources and the safety page."""

    changefreq = "monthly"

    def items(self):
        return [
            ("guide:index", None),
            *[("guide:page", slug) for slug in pages.GUIDE_SLUGS],
            ("guide:resources", None),
            ("guide:safety", "safety"),
        ]

    def location(self, item):
        name, slug = item
        if name == "guide:page":
            return reverse(name, args=[slug])
        return reverse(name)

    def lastmod(self, item):
        _, slug = item
        return pages.get(slug).reviewed if slug else None
