from django.urls import path

from . import views

app_name = "curation"

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
]
