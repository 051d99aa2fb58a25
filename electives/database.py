"""Living with a database that restarts, pauses or goes away: reconnecting, and the 503."""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger(__name__)

# What psycopg/sqlite raise when the server is stopped, restarting, unreachable or too slow
# to answer (the statement, lock and connection timeouts in settings.DATABASES).
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


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


def database_unavailable(request, error):
    """The 503 (try again soon), made without touching the database, the session or the user:
    JSON for the API, the site's page for everything else."""
    logger.warning("Database unavailable: %s", error)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"errors": {"database": ["The directory is unavailable for a moment; try again."]}},
            status=503,
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
