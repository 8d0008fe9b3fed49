"""Long imports show how far they have got.

The admin imports a sheet in two requests: the check with its preview, then the confirmed
import. Each runs the whole sheet, so a sheet of thousands of rows keeps the staff member
waiting. For a sheet of settings.IMPORT_PROGRESS_ROWS rows or more, the import runs in a
worker thread while the response streams the admin page: first its top, then a progress
line every half second ("3,000 of 10,000 rows checked"), then the preview or the summary.
Smaller sheets go the library's usual way.

It works without JavaScript: each new line hides the one before it (static/css/staff.css),
and the lines sit in a status region that screen readers announce.
"""

import logging
import threading

from django.db import connections
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# The admin's import template marks where the progress lines and the result go.
PROGRESS_MARK = "<!--import-progress-->"
RESULT_MARK = "<!--import-result-->"
CONTENT_START = "<!--import-content-->"
CONTENT_END = "<!--/import-content-->"
POLL_SECONDS = 0.5
PREVIEW_ROWS = 500  # rows a long sheet's preview shows


class DeferredImport:
    """An import not run yet: what SpreadsheetResource.import_data returns for a long sheet
    when the admin asked for progress. The admin runs it with run()."""

    def __init__(self, resource, dataset, args, kwargs):
        self.resource = resource
        self.dataset = dataset
        self.args = args
        self.kwargs = kwargs
        self.total = len(dataset)

    def run(self, progress):
        self.resource.import_progress = progress
        return self.resource.import_now(self.dataset, *self.args, **self.kwargs)

    # The library asks these before the import has run, to decide whether to offer the
    # confirm form. Not yet known: the admin builds that form once the result is in.
    def has_errors(self):
        return True

    def has_validation_errors(self):
        return True


class Progress:
    """The number of rows done so far, written by the import's thread."""

    def __init__(self):
        self.done = 0

    def __call__(self, row_number):
        self.done = row_number


class ImportThread(threading.Thread):
    """Runs the import, then `then(result)`, in the staff member's language."""

    def __init__(self, deferred, then=None):
        super().__init__(daemon=True)
        self.deferred = deferred
        self.then = then
        self.progress = Progress()
        self.language = translation.get_language()
        self.result = None
        self.error = None

    def run(self):
        try:
            with translation.override(self.language):
                try:
                    # The import is one transaction: if it fails, nothing was changed.
                    self.result = self.deferred.run(self.progress)
                except Exception as error:  # shown on the page instead of the result
                    logger.exception("Import failed")
                    self.error = error
                    return
                if self.then is not None:
                    self.then(self.result)
        finally:
            connections.close_all()  # this thread's own connections


def split_page(html, *marks):
    """The page's text cut at each mark, in order."""
    parts = []
    for mark in marks:
        before, html = html.split(mark, 1)
        parts.append(before)
    return [*parts, html]


def content_of(html):
    """What the admin's import page shows in its content area."""
    return html.split(CONTENT_START, 1)[1].split(CONTENT_END, 1)[0]


def grouped(number):
    """10000 as "10,000", as the staff member's language writes it."""
    return number_format(number, force_grouping=True)


def progress_line(done, total, *, checking):
    if checking:
        template = _("%(done)s of %(total)s rows checked")
    else:
        template = _("%(done)s of %(total)s rows imported")
    text = template % {"done": grouped(done), "total": grouped(total)}
    return format_html(
        '<p><progress max="{}" value="{}">{}</progress> {}</p>\n', total, done, text, text
    )


def stream(page, thread, finish, *, checking):
    """The page's top, a progress line while `thread` runs, then `finish(result)` (HTML for
    the content area) and the page's end."""
    # The response is sent after the view has returned: keep the staff member's language.
    with translation.override(thread.language):
        yield from _stream(page, thread, finish, checking=checking)


def _stream(page, thread, finish, *, checking):
    top, between, bottom = split_page(page, PROGRESS_MARK, RESULT_MARK)
    total = thread.deferred.total
    yield top
    yield progress_line(0, total, checking=checking)
    thread.start()
    shown = 0
    while thread.is_alive():
        thread.join(POLL_SECONDS)
        done = thread.progress.done
        if done != shown and thread.is_alive():
            shown = done
            yield progress_line(done, total, checking=checking)
    if thread.error is None:
        yield progress_line(total, total, checking=checking)
    yield between
    if thread.error is not None:
        yield format_html(
            '<p class="errornote">{}</p>',
            _(
                "The import stopped because of an error on the server. Nothing was "
                "changed. Please try again, and tell the system administrator if it "
                "happens again."
            ),
        )
    else:
        yield finish(thread.result)
    yield bottom


def streaming_page(chunks):
    response = StreamingHttpResponse(chunks, content_type="text/html; charset=utf-8")
    response["X-Accel-Buffering"] = "no"  # a proxy passes each line on at once
    return response
