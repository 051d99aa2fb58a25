import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

# What psycopg/sqlite raise when the server is stopped, restarting or unreachable.
DATABASE_DOWN = (OperationalError, InterfaceError)


def on_a_fresh_connection_if_stale(query):
    """Run query(); if the connection was cut (the database restarted), reconnect once.

    This replaces Django's CONN_HEALTH_CHECKS, which costs a `SELECT 1` on every request:
    the first query of a public request (the content version) checks the connection itself.
    """
    try:
        return query()
    except DATABASE_DOWN:
        if connection.in_atomic_block:
            raise
        connection.close()
        return query()


def database_unavailable():
    """The 503 page, rendered without touching the database, the session or the user."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 (try again soon), not 500, while the database cannot be reached.

    This catches what views and templates raise; config.errors.server_error does the same
    for errors raised in other middleware (sessions, authentication). A cut connection is
    replaced on the next request (on_a_fresh_connection_if_stale), so the site recovers as
    soon as the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.warning("Database unavailable: %s", exception)
        return database_unavailable()


class PermissionsPolicyMiddleware:
    """Switch off browser features the site never uses (camera, geolocation ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
