from django.urls import path
from django.views.generic import TemplateView

app_name = "guide"

# Placeholder routes until the guide lands.
urlpatterns = [
    path("guide/", TemplateView.as_view(template_name="home.html"), name="index"),
    path("resources/", TemplateView.as_view(template_name="home.html"), name="resources"),
    path("safety/", TemplateView.as_view(template_name="home.html"), name="safety"),
]
