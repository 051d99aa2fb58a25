from django.urls import path

from . import views
from .cache import public_page
from .feeds import ElectiveFeed

app_name = "electives"

# public_page: cached by the content version, with ETag/Last-Modified (electives/cache.py).
urlpatterns = [
    path("electives/", public_page(views.elective_list), name="list"),
    path("electives/export.csv", public_page(views.elective_csv), name="export"),
    path("electives/feed/", public_page(ElectiveFeed()), name="feed"),
    path("electives/<slug:slug>/", public_page(views.elective_detail), name="detail"),
    path("api/electives/", public_page(views.elective_api), name="api"),
    path("organizations/", public_page(views.organization_list), name="organizations"),
    path(
        "organizations/<slug:slug>/",
        public_page(views.organization_detail),
        name="organization",
    ),
    path("countries/", public_page(views.country_list), name="countries"),
    path("countries/<str:code>/", public_page(views.country_detail), name="country"),
]
