"""The server error page: 503 when the database is down, in the visitor's language, and
"the division has been notified" only when someone is (ADMINS, from ERROR_EMAIL)."""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def server_error(request):
    """handler500: the page needs no database, no session and no context processor."""
    error = sys.exc_info()[1]
    # A database that cannot be reached (down, restarting, out of connections) is a wait,
    # not a fault of the page: 503 with a time to come back.
    unavailable = isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DatabaseError) and "connect" in str(error).lower()
    )
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        page = render_to_string(
            "503.html" if unavailable else "500.html",
            # Errors are mailed to ADMINS by Django's logging (config/settings.py) only
            # when an address is set; otherwise they are only in the log.
            {"notified": bool(settings.ADMINS)},
        )
    response = HttpResponse(page, status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "60"
    return response
