from django.urls import path

from electives.cache import public_page

from . import corrections, views

app_name = "residents"

# Tokens are URL-safe base64 (residents.models.new_token), which the slug converter matches:
# anything else is a 404 before any query.
# public_page only where the answer depends on the URL alone (never on a cookie), naming
# the query parameters each page reads (`e`: the electives, in order; `start`: a date).
urlpatterns = [
    path("shortlist/", views.shortlist_page, name="shortlist"),
    path("shortlist/export.csv", views.shortlist_csv, name="shortlist-csv"),
    path("shortlist/deadlines.ics", views.shortlist_ics, name="shortlist-ics"),
    # The visitor's own list redirects to its `?e=` address, which is cached (the view).
    path("shortlist/approval/", views.shortlist_approval, name="shortlist-approval"),
    path("compare/", public_page(views.compare, {"e": False}), name="compare"),
    path(
        "electives/<slug:slug>/deadline.ics", public_page(views.deadline_ics, {}), name="deadline"
    ),
    path(
        "electives/<slug:slug>/plan/", public_page(views.plan_page, {"start": False}), name="plan"
    ),
    path(
        "electives/<slug:slug>/approval/",
        public_page(views.approval_packet, {"start": False}),
        name="approval",
    ),
    path(
        "electives/<slug:slug>/plan.ics",
        public_page(views.plan_ics, {"start": False}),
        name="plan-ics",
    ),
    path("electives/<slug:slug>/report/", views.report, name="report"),
    path("suggest/", views.suggest, name="suggest"),
    # A signed token (SignedLink): letters, digits, "-", "_" and ":", so a str, not a slug.
    path(
        "suggest/correct/<str:token>/",
        corrections.correct_suggestion,
        name="correct-suggestion",
    ),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<slug:token>/", views.alert_manage, name="alert"),
    path("alerts/<slug:token>/confirm/", views.alert_confirm, name="alert-confirm"),
    path("alerts/<slug:token>/unsubscribe/", views.alert_unsubscribe, name="alert-unsubscribe"),
]
