"""Errors: the handler500 view, and how expected rejections are logged."""

import logging
import sys

from django.views import defaults

from web.database import DATABASE_DOWN, database_unavailable


class WithoutTraceback(logging.Filter):
    """Log an expected rejection (a bad Host header: scanners send them all day) as one line;
    its traceback only ever shows Django's own code."""

    def filter(self, record):
        record.exc_info = None
        return True


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    # Django calls this inside its `except` block, so the exception is still at hand,
    # including one raised by a middleware that DatabaseUnavailableMiddleware never sees.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        return database_unavailable(request, error)
    return defaults.server_error(request, template_name)
