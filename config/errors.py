"""The handler500 view: a database outage is 503 (try again soon), anything else 500."""

import logging
import sys

from django.views import defaults

from electives.middleware import DATABASE_DOWN, database_unavailable

logger = logging.getLogger(__name__)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    # Django calls this inside its `except` block, so the exception is still at hand,
    # including one raised by a middleware that DatabaseUnavailableMiddleware never sees.
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        logger.warning("Database unavailable: %s", sys.exc_info()[1])
        return database_unavailable()
    return defaults.server_error(request, template_name)
