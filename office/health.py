"""/healthz: is this web process able to serve? For the proxy, the load balancer or a
monitoring job to poll every few seconds.

It touches no session, no language and no template: one query and one cache round trip.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    cache.set("office:healthz", "ok", timeout=30)
    if cache.get("office:healthz") != "ok":
        raise RuntimeError("what was written could not be read back")


CHECKS = {"database": _database, "cache": _cache}


@never_cache
def healthz(request):
    """200 "ok", or 503 naming each part that is down (never the error's text: the
    address is public)."""
    down = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure of a part means "not healthy", never a 500
            logger.exception("Health check: the %s is not available", name)
            down.append(name)
    if down:
        return HttpResponse(
            "down: " + ", ".join(down) + "\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")
