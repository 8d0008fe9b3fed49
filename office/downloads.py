"""Files sent to a browser: a download, or a file shown in a tab of its own.

Every such response carries the same three headers, set here and nowhere else:

- X-Content-Type-Options: nosniff, so a browser never guesses a type and never runs an
  uploaded file as a page;
- Content-Disposition, with the name the file is saved under (a Japanese name included);
- Cache-Control: private files (a delegation's document, a staff export) are kept by no
  cache at all; a public file (open data, a published partner's photo) may be kept by any
  cache for the time the caller gives.
"""

from django.http import FileResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header


def send_file(file, *, filename, content_type=None, inline=False, public_for=None):
    """A file opened for reading, sent as filename; FileResponse closes it once sent.

    inline: shown in the browser (a photo) instead of saved. public_for: a timedelta
    for which any cache may keep a public file; without it no cache keeps it.
    """
    response = FileResponse(
        file, as_attachment=not inline, filename=filename, content_type=content_type
    )
    return download_headers(response, filename=filename, inline=inline, public_for=public_for)


def download_headers(response, *, filename, inline=False, public_for=None):
    """The headers of send_file on another response (a CSV made in memory, a stream)."""
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    if public_for is None:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=int(public_for.total_seconds()))
    return response
