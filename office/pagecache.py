"""The public page cache: a public page is built once per data version and then sent from
the cache (Redis with REDIS_URL, memory local to each process otherwise) to every
visitor without a session, until staff change something public or the date changes.

- Views opt in with `@public_page`; the middleware, near the top of MIDDLEWARE, answers
  a cached page before sessions, CSRF, the admin's history or the lockout run, which is
  what makes a news-day spike cheap.
- A page is stored only for a GET without a session or messages cookie, answered 200, with
  no cookie set, no CSRF token used and nothing saying "private" or "no-store". Pages with
  a form that posts (the visit form) carry a CSRF token and are therefore never stored.
- The key is the path (which carries the language under /ja/ and /en/), the language, the
  query string and today's date, so pages that say "in force" or "expired" change at
  midnight. Each entry records the data version it was built with; saving or deleting
  any model an app lists as public (`public_models` on its AppConfig), an import, or
  bump() starts a new version, and older entries are no longer sent.
- Each stored page has an ETag made from its body: a visitor's browser revalidates with
  If-None-Match and gets a 304 without the body.

PAGE_CACHE=0 turns it all off (every page is built for every request).
"""

import hashlib
import secrets
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

VERSION_KEY = "pagecache:version"
# Entries expire on their own too: a page nobody asks for leaves the cache within a day.
TIMEOUT = 24 * 60 * 60
# Longer query strings are answered but not stored, so made-up ones cannot fill the cache.
LONGEST_QUERY = 300
# Headers worth keeping with a page; the rest (Set-Cookie above all) are never stored.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Cache-Control",
    "Vary",
    "X-Frame-Options",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Referrer-Policy",
    "Access-Control-Allow-Origin",
    "Last-Modified",
    "Link",
)


def public_page(view):
    """Mark a view's answers as the same for every visitor without a session."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapper


def bump(**kwargs):
    """Start a new data version: every page is built again on its next request."""
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def bump_now_and_after_commit(**kwargs):
    """Start a new version now (pages built later in the same transaction show the
    change) and once more at the commit: a page another request built between the save
    and the commit has the old data, and must not be sent under the new version."""
    bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        callback is bump for _savepoints, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(bump)


def public_models():
    """Models whose rows appear on public pages, as each app's `public_models` lists them
    ("__all__" for every model of the app)."""
    models = []
    for config in apps.get_app_configs():
        names = getattr(config, "public_models", ())
        if names == "__all__":
            models.extend(config.get_models())
        else:
            models.extend(config.get_model(name) for name in names)
    return models


def connect_signals():
    """Called once from OfficeConfig.ready(): every public save or delete bumps the version."""
    from import_export.signals import post_import

    public = public_models()
    for model in public:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(bump_now_and_after_commit, sender=model, dispatch_uid=uid)
        post_delete.connect(bump_now_and_after_commit, sender=model, dispatch_uid=uid)
    for model in public:
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_now_and_after_commit,
                sender=field.remote_field.through,
                dispatch_uid=f"pagecache:{model._meta.label}.{field.name}",
            )
    # Imports may write rows in bulk, without a save signal per row.
    post_import.connect(
        lambda model, **kwargs: model in public and bump_now_and_after_commit(),
        dispatch_uid="pagecache:import",
        weak=False,
    )


def _language(request):
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)


def page_key(request, *, today=None):
    today = today or timezone.localdate()
    parts = [request.path, _language(request), request.META.get("QUERY_STRING", ""), str(today)]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"pagecache:page:{digest}"


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False  # a staff member, or a visitor in the middle of something
    if request.path.startswith("/admin/"):
        return False
    return len(request.META.get("QUERY_STRING", "")) <= LONGEST_QUERY


def _storable_response(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not getattr(response, "public_page", False):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a cookie set or a CSRF token used: this answer is one visitor's
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _etag(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _revalidate(response):
    # Browsers may keep a copy but ask again each time: a staff change shows at once.
    if "Cache-Control" not in response:
        patch_cache_control(response, max_age=0, must_revalidate=True)


def _not_modified(request, etag):
    wanted = request.META.get("HTTP_IF_NONE_MATCH", "")
    return etag in [tag.strip() for tag in wanted.split(",")] or wanted.strip() == "*"


class PageCacheMiddleware:
    """Answers public pages from the cache; stores the ones `@public_page` views build."""

    def __init__(self, get_response):
        if not getattr(settings, "PAGE_CACHE", True):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        # One round trip to Redis for both the version and the page.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
            version = cache.get(VERSION_KEY)
        entry = found.get(key)
        if entry is not None and entry["version"] == version:
            return self._from_cache(request, entry)

        response = self.get_response(request)
        if _storable_response(request, response):
            content = response.content
            etag = _etag(content)
            response["ETag"] = etag
            _revalidate(response)
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(
                key,
                {"version": version, "etag": etag, "headers": headers, "content": content},
                timeout=TIMEOUT,
            )
            if _not_modified(request, etag):
                return self._not_modified(etag, headers)
        return response

    def _from_cache(self, request, entry):
        if _not_modified(request, entry["etag"]):
            return self._not_modified(entry["etag"], entry["headers"])
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["ETag"] = entry["etag"]
        return response

    def _not_modified(self, etag, headers):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        for name in ("Cache-Control", "Vary", "Content-Language"):
            if name in headers:
                response[name] = headers[name]
        return response
