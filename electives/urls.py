from django.urls import path

from . import views
from .cache import parameters_read_by, public_page
from .feeds import ElectiveFeed
from .filters import ElectiveFilter

app_name = "electives"

# The query parameters each page reads; any other parameter shares the page's cache entry.
FILTERS = parameters_read_by(ElectiveFilter)
# `view` (cards or table) changes only the listing page.
FILTERS_UNPAGED = parameters_read_by(ElectiveFilter, ignore={"page", "view"})

# public_page: cached by the content version, with ETag/Last-Modified (electives/cache.py).
urlpatterns = [
    path("electives/", public_page(views.elective_list, FILTERS), name="list"),
    path("electives/export.csv", public_page(views.elective_csv, FILTERS_UNPAGED), name="export"),
    path("electives/feed/", public_page(ElectiveFeed(), FILTERS_UNPAGED), name="feed"),
    path("electives/<slug:slug>/", public_page(views.elective_detail, {}), name="detail"),
    path("api/electives/", public_page(views.elective_api, FILTERS), name="api"),
    path("organizations/", public_page(views.organization_list, {}), name="organizations"),
    path(
        "organizations/<slug:slug>/",
        public_page(views.organization_detail, {}),
        name="organization",
    ),
    path("countries/", public_page(views.country_list, {}), name="countries"),
    path("countries/<str:code>/", public_page(views.country_detail, {}), name="country"),
]
