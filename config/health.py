"""Probes for load balancers and monitoring; neither is cached anywhere."""

import logging

from django.db import Error, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from web.database import on_a_fresh_connection_if_stale

logger = logging.getLogger(__name__)


def select_one():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not; never the error itself."""
    try:
        on_a_fresh_connection_if_stale(select_one)
    except Error as error:
        logger.warning("Health check: database unavailable: %s", error)
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_safe
def ping(request):
    """A tiny page that touches no database: the serving stack's own speed (bench/load.py)."""
    return render(request, "ping.html")
