"""A per-address limit on what a visitor may do in a minute (counted in the cache: shared
between processes only with REDIS_URL set)."""

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The visitor's address: REMOTE_ADDR, or behind TRUSTED_PROXIES proxies the address
    the outermost trusted one saw. Entries further left were written by the visitor and
    are never believed. Used by the visit form's limit and by the login lockout."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if proxies and forwarded:
        # Each proxy appends the address it was reached from: with one proxy the last
        # entry is the visitor's, with two the one before it, and so on.
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def over_the_limit(request, scope, *, per_minute):
    """True once an address has done `scope` more than `per_minute` times in a minute."""
    # A minute's window opens with an address's first submission (not on the clock's
    # minute, where 10 at 12:00:59 and 10 more at 12:01:00 would all pass).
    key = f"{scope}:{client_address(request)}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # the window closed between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    return count > per_minute


def reached_the_limit(request, scope, *, per_minute):
    """True when the address's next `scope` would be over the limit; counts nothing."""
    return cache.get(f"{scope}:{client_address(request)}", 0) >= per_minute


def limited_per_minute(scope, setting):
    """Mark a view whose posts count against `scope`'s limit (the number in `setting`).

    The view still counts with over_the_limit; office.middleware.RequestLimits reads the
    mark to stop storing the files of a post that will be refused, before anything
    parses its body.
    """

    def mark(view):
        view.limited_per_minute = (scope, setting)
        return view

    return mark
