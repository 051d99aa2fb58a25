from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from electives import sitemaps as directory_sitemaps
from electives import views as directory
from electives.cache import public_page
from guide.sitemaps import GuideSitemap
from web.admin_scope import view_on_site

from . import health

SITEMAPS = {
    "pages": directory_sitemaps.PagesSitemap,
    "electives": directory_sitemaps.ElectiveSitemap,
    "organizations": directory_sitemaps.OrganizationSitemap,
    "countries": directory_sitemaps.CountrySitemap,
    "guide": GuideSitemap,
}

urlpatterns = [
    path("", public_page(directory.home, {}), name="home"),
    # An index of every section's pages (PAGE_SIZE URLs each, electives.sitemaps).
    path(
        "sitemap.xml",
        public_page(sitemaps.index, {}),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemaps.sitemap, {"p": False}),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", directory.robots_txt, name="robots"),
    path("", include("electives.urls")),
    path("", include("guide.urls")),
    path("", include("curation.urls")),
    path("", include("residents.urls")),
    path("", include("debriefs.urls")),
    # Before the admin's own "view on site", which redirects for any object (web.admin_scope).
    path(
        f"{settings.ADMIN_URL}r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/ping", health.ping, name="ping"),
]

handler500 = "config.errors.server_error"
