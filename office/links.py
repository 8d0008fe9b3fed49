"""Full addresses for links that leave the site: in a mail, a calendar feed, a file or a
command's output. They start with SITE_URL, never with a request's Host header: a worker
or a cron job has no request, and a forged Host must not end up in a mail."""

from django.conf import settings


def absolute_url(path):
    """SITE_URL followed by a site path: absolute_url("/en/visits/") ->
    "https://twinning.city.example/en/visits/". A full address is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
