from django.urls import path

from . import views
from .feeds import ElectiveFeed

app_name = "electives"

urlpatterns = [
    path("electives/", views.elective_list, name="list"),
    path("electives/export.csv", views.elective_csv, name="export"),
    path("electives/feed/", ElectiveFeed(), name="feed"),
    path("electives/<slug:slug>/", views.elective_detail, name="detail"),
    path("api/electives/", views.elective_api, name="api"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:code>/", views.country_detail, name="country"),
]
