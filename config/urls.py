from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("", include("electives.urls")),
    path("", include("guide.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
