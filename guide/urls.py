from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("guide/", views.GuideIndexView.as_view(), name="index"),
    path("guide/<slug:slug>/", views.guide_page, name="page"),
    path("resources/", views.ResourceListView.as_view(), name="resources"),
    path("safety/", views.safety, name="safety"),
]
