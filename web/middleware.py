from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.db.backends.signals import connection_created
from django.http.request import split_domain_port

from .database import DATABASE_DOWN, bound_session, database_unavailable, query_watchdog


class DatabaseUnavailableMiddleware:
    """Bound every query of a request, and answer 503 (try again soon), not 500, while the
    database cannot be reached or does not answer.

    Web requests only (management commands run long statements legitimately): each new
    connection gets DATABASE_QUERY_TIMEOUT as its statement_timeout and
    DATABASE_LOCK_TIMEOUT as its lock_timeout, and a watchdog cuts a query the server has
    not answered a second after that (web.database.QueryWatchdog: a frozen server).

    This catches what views and templates raise; config.errors.server_error does the same
    for errors raised in other middleware (sessions, authentication). A cut connection is
    replaced on the next request (web.database.on_a_fresh_connection_if_stale), so the
    site recovers as soon as the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        connection_created.connect(bound_session, dispatch_uid="bound-web-sessions")

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        with connection.execute_wrapper(query_watchdog):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        return database_unavailable(request, exception)


class PermissionsPolicyMiddleware:
    """Switch off browser features the site never uses (camera, geolocation ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class HostPortMiddleware:
    """Reject a Host header whose port cannot exist (`127.0.0.1:99999`) with a 400.

    ALLOWED_HOSTS matches the name only, so Django takes any digits as a port.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _, port = split_domain_port(request.get_host())
        if port and not 0 < int(port) <= 65535:
            raise DisallowedHost(f"Invalid port in HTTP_HOST header: {port!r}.")
        return self.get_response(request)
