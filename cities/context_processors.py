from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from cities.models import HomeCity
from office.links import absolute_url


def language_versions(request):
    """The same page in each language, e.g. /ja/partners/?q=x and /en/partners/?q=x."""
    path = request.path
    query = request.META.get("QUERY_STRING", "")
    current = translation.get_language()
    versions = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            # Not a page this site knows (a 404): offer the other language's home page.
            with translation.override(code):
                url = translate_url("/", code) if path == "/" else f"/{code}/"
        elif query:
            url = f"{url}?{query}"
        versions.append({"code": code, "name": name, "url": url, "current": code == current})
    return versions


def site(request):
    """What every page shows: the home city's contact and the page in each language.

    Canonical and alternate addresses start with SITE_URL, the public address, whatever
    Host the request came with (an internal name, a proxy's)."""
    versions = language_versions(request)
    current = next((v for v in versions if v["current"]), versions[0])
    return {
        "home_city": SimpleLazyObject(HomeCity.current),
        "language_versions": versions,
        "canonical_url": absolute_url(current["url"]),
        "alternate_urls": [{"code": v["code"], "url": absolute_url(v["url"])} for v in versions],
    }
