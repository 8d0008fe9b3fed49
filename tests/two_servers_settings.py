"""Settings for tests/test_two_web_servers.py: the product's own, with two test-only changes.

- Without REDIS_URL (a laptop's `make test`), the two servers share a cache folder
  instead of Redis, so that what one process counts the other sees, as with Redis.
- Static files without the manifest that collectstatic writes: the test is about shared
  state, not static files, and collectstatic would cost it half a minute.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import STORAGES

if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["SHARED_CACHE_FOLDER"],
        }
    }

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
