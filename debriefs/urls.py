from django.urls import path

from . import views

app_name = "debriefs"

urlpatterns = [
    path("electives/<slug:slug>/debrief/", views.ask_for_link, name="ask"),
    path("debrief/<str:token>/", views.debrief_form, name="form"),
]
