"""Public address parameters that were renamed: the old name still works for one release."""

import functools

from django.http import HttpResponsePermanentRedirect


def renamed_parameters(renames):
    """Send a GET request that uses an old parameter name to the same page with the new name.

    @renamed_parameters({"type": "agreement_kind"}) turns /partners/?type=sister-city into
    /partners/?agreement_kind=sister-city. The redirect is permanent, so bookmarks, links
    from other sites and search engines move to the new name. Where a request has both
    names, the new one wins.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            old_names = [old for old in renames if old in request.GET]
            if request.method != "GET" or not old_names:
                return view(request, *args, **kwargs)
            query = request.GET.copy()
            for old in old_names:
                values = query.pop(old)
                query.setlist(renames[old], query.getlist(renames[old]) or values)
            return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")

        return wrapper

    return decorator
