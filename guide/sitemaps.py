from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class GuideSitemap(Sitemap):
    """The guide, resources and safety pages (the guide work adds each guide page)."""

    changefreq = "monthly"

    def items(self):
        return ["guide:index", "guide:resources", "guide:safety"]

    def location(self, item):
        return reverse(item)
