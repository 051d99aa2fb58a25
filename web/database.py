"""Living with a database that restarts, freezes or goes away: bounded waits, reconnecting,
and the 503."""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger(__name__)

# What psycopg/sqlite raise when the server is stopped, restarting, unreachable or too slow
# to answer (the statement, lock and connection timeouts in settings.DATABASES).
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


class QueryTimeout(OperationalError):
    """The database did not answer a query in time (frozen, or its host is gone)."""


def on_a_fresh_connection_if_stale(query):
    """Run query(); if the connection was cut (the database restarted), reconnect once.

    This replaces Django's CONN_HEALTH_CHECKS, which costs a `SELECT 1` on every request:
    the first query of a public request (the content version) checks the connection itself.
    A database that did not answer at all (a failed connection, a timeout) is not asked twice.
    """
    reused = connection.connection is not None
    try:
        return query()
    except QueryTimeout:
        raise
    except DATABASE_DOWN:
        if not reused or connection.in_atomic_block:
            raise
        connection.close()
        return query()


class QueryWatchdog:
    """Cut the connection of a query the database has not answered by its deadline.

    The server's statement_timeout cancels a slow query, but a frozen server (paused, or
    swapping hard) cancels nothing, and its kernel still acknowledges every packet, so TCP
    keepalives and tcp_user_timeout never fire either: psycopg would wait forever. One
    thread per process checks the queries in flight four times a second and shuts the
    socket of any that is overdue; psycopg then raises at once. Cost per query: a lock
    and a dict entry.
    """

    TICK = 0.25

    def __init__(self):
        self.lock = threading.Lock()
        self.in_flight = {}  # key: (deadline, socket's file descriptor)
        self.cut = set()
        self.thread = None

    def __call__(self, execute, sql, params, many, context):
        seconds = settings.DATABASE_QUERY_TIMEOUT + 1  # the server's own timeout goes first
        key = object()
        db = context["connection"]
        with db.wrap_database_errors:  # a connection already lost is a DATABASE_DOWN too
            fd = db.connection.fileno()
        with self.lock:
            self.in_flight[key] = (time.monotonic() + seconds, fd)
            if self.thread is None or not self.thread.is_alive():
                # Started here, not at import: gunicorn forks workers after importing the app.
                self.thread = threading.Thread(target=self.watch, name="query-watchdog")
                self.thread.daemon = True
                self.thread.start()
        try:
            return execute(sql, params, many, context)
        except DATABASE_DOWN as error:
            if key in self.cut:
                raise QueryTimeout(f"no answer from the database within {seconds} s") from error
            raise
        finally:
            with self.lock:
                self.in_flight.pop(key, None)
                self.cut.discard(key)

    def watch(self):
        while True:
            time.sleep(self.TICK)
            now = time.monotonic()
            # Under the lock: a query that has not unregistered still owns its socket.
            with self.lock:
                for key, (deadline, fd) in list(self.in_flight.items()):
                    if deadline < now:
                        del self.in_flight[key]
                        self.cut.add(key)
                        shut_down(fd)


# One per process, whatever the number of request handlers (the test client makes many).
query_watchdog = QueryWatchdog()


def shut_down(fd):
    """Shut a socket we do not own down for reading and writing (its owner then fails)."""
    try:
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # closed or no longer connected: its owner fails anyway


def bound_session(sender, connection, **kwargs):
    """connection_created receiver: the server's own limits for a web request's queries."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false),"
            " set_config('lock_timeout', %s, false)",
            [f"{settings.DATABASE_QUERY_TIMEOUT}s", f"{settings.DATABASE_LOCK_TIMEOUT}s"],
        )


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
