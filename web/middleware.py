from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
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


# Per-response CSP settings django-csp's decorators leave on a response.
_CSP_OVERRIDES = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once: its own builds the header and the
    report-only header afresh for every response (about 200 us here, a quarter of a cached
    page). A response with a nonce or a decorator's own policy still goes through it."""

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _CSP_OVERRIDES)
            or (settings.DEBUG and response.status_code in (404, 500))  # Django's debug pages
        ):
            return super().process_response(request, response)
        policy, report_only = self._policies(request, response)
        prefixes = self._excluded
        if not request.path_info.startswith(prefixes):
            if policy and HEADER not in response:
                response[HEADER] = policy
            if report_only and HEADER_REPORT_ONLY not in response:
                response[HEADER_REPORT_ONLY] = report_only
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _policies(self, request, response):
        if self._built is None:
            self._built = (
                build_policy(**asdict(self.get_policy_parts(request=request, response=response))),
                build_policy(
                    **asdict(self.get_policy_parts(request, response, report_only=True)),
                    report_only=True,
                ),
            )
        return self._built

    _built = None

    @property
    def _excluded(self):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        return tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ())
