"""Limits checked before a request's body is read."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from office.ratelimit import reached_the_limit


class DiscardFiles(FileUploadHandler):
    """Reads past every uploaded file without storing it: the form's text still arrives."""

    def new_file(self, *args, **kwargs):
        raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


class RequestLimits:
    """Refuse a body larger than any real upload before reading it, and store no files of
    a post its view's limit will refuse.

    First in MIDDLEWARE: nothing before it may read the body (the CSRF check reads the
    form's fields, and with them its files).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body at all then
        if length > settings.MAX_REQUEST_BYTES:
            return too_large(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "limited_per_minute", None)
        if limit and request.method == "POST":
            scope, setting = limit
            if reached_the_limit(request, scope, per_minute=getattr(settings, setting)):
                request.upload_handlers = [DiscardFiles()]
        return None


def too_large(request):
    """413 in the visitor's language (from the address: the locale middleware has not run)."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        # No request context: the page needs nothing from the database or the session.
        page = render_to_string(
            "office/too_large.html", {"megabytes": settings.MAX_REQUEST_BYTES // (1024 * 1024)}
        )
    return HttpResponse(page, status=413)
