from django.urls import path

from electives.cache import public_page

from . import corrections, packet, views

app_name = "residents"

# Tokens are URL-safe base64 (residents.models.new_token), which the slug converter matches:
# anything else is a 404 before any query.
# public_page only where the answer depends on the URL alone (never on a cookie), naming
# the query parameters each page reads (`e`: the electives, in order; `start`: a date).
# The plan reads what the packet does, less the resident's own details.
PLAN_READS = packet.READS
urlpatterns = [
    path("shortlist/", views.shortlist_page, name="shortlist"),
    path("shortlist/export.csv", views.shortlist_csv, name="shortlist-csv"),
    path("shortlist/deadlines.ics", views.shortlist_ics, name="shortlist-ics"),
    # The visitor's own list redirects to its `?e=` address, which is cached (the view).
    path("shortlist/approval/", packet.shortlist_approval, name="shortlist-approval"),
    path("compare/", public_page(views.compare, {"e": False}), name="compare"),
    path(
        "electives/<slug:slug>/deadline.ics", public_page(views.deadline_ics, {}), name="deadline"
    ),
    path("electives/<slug:slug>/plan/", public_page(views.plan_page, PLAN_READS), name="plan"),
    # Cached until the resident types their own details (residents.packet).
    path("electives/<slug:slug>/approval/", packet.approval_packet, name="approval"),
    path(
        "electives/<slug:slug>/plan.ics",
        public_page(views.plan_ics, PLAN_READS),
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
