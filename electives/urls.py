from django.urls import path
from django.views.generic import TemplateView

app_name = "electives"

# Placeholder routes until the directory lands (issue: the public directory).
urlpatterns = [
    path("electives/", TemplateView.as_view(template_name="home.html"), name="list"),
    path("electives/<slug:slug>/", TemplateView.as_view(template_name="home.html"), name="detail"),
    path(
        "organizations/<slug:slug>/",
        TemplateView.as_view(template_name="home.html"),
        name="organization",
    ),
]
