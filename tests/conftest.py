import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test.utils import override_settings


@pytest.fixture(scope="session", autouse=True)
def test_environment():
    """What differs in every test, set before any server starts.

    The live server builds its middleware once, so these cannot wait for a per-test
    `settings` fixture: fast hashing, no TLS redirect, static files from their folders.
    """
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        ALLOWED_HOSTS=["testserver", "localhost", "127.0.0.1"],
        STORAGES={
            "default": {"BACKEND": "office.storage.UploadStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=True,
        AXES_ENABLED=False,
    ):
        yield


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Uploaded files go to a fresh folder; links start with http://testserver; queued
    tasks (mail) run at once.

    Tests of the queue itself switch TASKS back to the database backend.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    # Links in mail start here whatever the environment says (make test sets the same).
    settings.SITE_URL = "http://testserver"
    # Counters (submission limits) and cached pages must not leak from one test to the next.
    cache.clear()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def applications_open(db):
    """The division is told of new applications, so the visit form takes them (on a new
    site, where nobody is, the public pages say applications are not open yet)."""
    from visits.models import VisitRules

    rules = VisitRules.current()
    rules.notification_email = "international@city.example"
    rules.save()
    return rules


@pytest.fixture
def home_city(db):
    from tests.factories import make_home_city

    return make_home_city()


@pytest.fixture
def demo_data(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def wikidata_server(settings):
    """Wikidata's API played from the stored answers in tests/cities/wikidata/."""
    from tests.cities.wikidata_fake import FakeWikidata

    fake = FakeWikidata()
    settings.WIKIDATA_API_URL = fake.url
    settings.WIKIDATA_CONTACT = "international@city.example"
    yield fake
    fake.close()


@pytest.fixture
def wikidata_unreachable(settings):
    """Wikidata's address points at a port nobody listens on."""
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    settings.WIKIDATA_API_URL = f"http://127.0.0.1:{port}/w/api.php"
