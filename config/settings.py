"""Twinning settings: one module; every difference between machines is an environment variable.

The defaults are the safe choice, so a forgotten variable fails loudly instead of silently.
See .env.example for every variable with a harmless value.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, *, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, *, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


def env_int(name, *, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_json(name, *, default):
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    try:
        return json.loads(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}") from None


DEBUG = env_flag("DEBUG", default=False)  # on only where someone asks for it

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is not set (it is required when DEBUG is off).")
    # DEBUG only, never production (bandit B105).
    SECRET_KEY = "development-only-not-secret"  # nosec B105

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin, or its admin integration does not load.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_countries",
    "import_export",
    "simple_history",
    "office.apps.LoginLockoutsConfig",  # django-axes, named for staff
    "csp",
    "django_tasks",
    "office.apps.BackgroundTasksConfig",  # django-tasks-db, named for staff
    # The office machinery first: the apps above it build on it, never the other way.
    "office",
    "cities",
    "agreements",
    "visits",
    # Exchanges sit on top: they read partners, agreements and visits; nothing reads them.
    "exchanges",
]

MIDDLEWARE = [
    # First: refuses an oversized body before anything reads it (office/middleware.py).
    "office.middleware.RequestLimits",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and the rest: a cached public page is sent without them.
    "office.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cities.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL (production and CI use PostgreSQL:
# postgres://user:password@host:5432/name). Only with DEBUG on does a missing one mean the
# demo's SQLite file in the project folder: a server, worker or cron job started without
# its environment must stop, not quietly read and write the demo's data.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if not DATABASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set (it is required when DEBUG is off), e.g. "
            "postgres://twinning:password@127.0.0.1:5432/twinning, or "
            "sqlite:////srv/twinning/db.sqlite3 for a small office on one machine. Load "
            "the environment file before starting the site, the worker or a command."
        )
    DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONN_MAX_AGE", default=0),
        # A kept connection is checked before a request uses it: after a database
        # restart the first request of each worker would otherwise be a 500.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (a web process and the mail worker): WAL lets readers go on
    # while one writes, and IMMEDIATE transactions take the write lock up front instead
    # of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: a page's query over 100,000 applications passes jit_above_cost, and compiling
    # it took longer (300 ms) than running it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Locks out an address after repeated failed staff logins.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# One visitor's failed logins lock out that visitor, not everyone behind the proxy.
AXES_CLIENT_IP_CALLABLE = "office.ratelimit.client_address"
# The lockout page in the visitor's language (`manage.py axes_reset` lifts every lockout).
AXES_LOCKOUT_TEMPLATE = "office/locked_out.html"

# Languages: Japanese first, so it is the default and the admin shows *_ja above *_en.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "ja"
MODELTRANSLATION_LANGUAGES = ("ja", "en")
# An optional English field left blank shows the Japanese text, not a gap.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ja",)

# Static files: hashed names, served by whitenoise; nothing comes from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploads (photos, agreement documents, delegations' documents) are never served from a
# public URL: there is no MEDIA_URL route, and each kind of file has a view that checks
# who may see it.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# No URL pattern serves this prefix: a template that uses a file's .url gets a 404.
MEDIA_URL = "/uploads-are-not-public/"
# Several web servers share one store: the folder on a shared disk (NFS), or an
# S3-compatible object store through django-storages, e.g. STORAGE_BACKEND=
# storages.backends.s3.S3Storage with STORAGE_OPTIONS={"bucket_name": "...", ...} as JSON.
# Every file goes through Django's storage API, so nothing else changes.
STORAGES = {
    # A write that fails halfway (a full disk) leaves no partial file (office/storage.py).
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND", "office.storage.UploadStorage"),
        "OPTIONS": env_json("STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
# The largest request the site reads: the visit form's five 10 MB documents and its member
# list, with room to spare. A larger one is answered 413 before its body is read (nginx's
# client_max_body_size in deploy/nginx.conf says the same).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", default=60 * 1024 * 1024)

# Cache: Redis when REDIS_URL is set, otherwise memory local to each process.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages built once per data version and date, then sent from CACHES to visitors
# without a session (office/pagecache.py). PAGE_CACHE=0 builds every page every time.
PAGE_CACHE = env_flag("PAGE_CACHE", default=True)

# Mail. The demo writes each message to a file in var/mail/ (make demo sets this).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(BASE_DIR / "var" / "mail")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", default=False)
# Seconds before a silent mail server gives up: the worker's back-off does the waiting.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "twinning@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is mailed each server error (Django's own logging mails ADMINS, straight to the mail
# server: it must work when the database does not). Without it errors are only in the log, and the
# error page does not say anyone was told.
ADMINS = [("Twinning", address) for address in env_list("ERROR_EMAIL")]

# Background tasks (mail): stored in the database and run by `manage.py worker`.
# A task running this many seconds had its worker die; it is queued again (office/tasks.py).
MAIL_SENDING_TIMEOUT = env_int("MAIL_SENDING_TIMEOUT", default=300)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security. Behind the city's TLS proxy these are all on; the demo (DEBUG) turns them off.
# The city's reverse proxy. TRUSTED_PROXIES is how many proxies stand in front of the web
# process (0: none, the default; 1: the city's TLS proxy). Only then are the headers they
# add believed: X-Forwarded-Proto says the visitor came over HTTPS, and X-Forwarded-For
# gives the visitor's address to the visit form's limit and to the login lockout
# (office/ratelimit.py client_address). Without a proxy anyone could send these headers.
# TRUST_X_FORWARDED_FOR=1, the earlier name, still means one proxy.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", default=1 if env_flag("TRUST_X_FORWARDED_FOR") else 0)
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=not DEBUG)
# A health check polled over plain HTTP on the inside must not be sent to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The language a visitor chose: sent over HTTPS only, and not with other sites' requests.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content Security Policy: everything comes from this site; no external scripts,
# fonts or images, so the site also works where the internet does not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # The Django admin sets inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "office.logs.RedactSecrets"}},
    "formatters": {
        # Time with its offset (Asia/Tokyo, Django's TIME_ZONE), level and logger.
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["redact_secrets"],
        },
        "discard": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # A bad Host header is a client error (400), not something to page anyone about.
        # A logger with no handler at all falls back to Python's last-resort one and
        # prints a traceback per request: discard it explicitly.
        "django.security.DisallowedHost": {"handlers": ["discard"], "propagate": False},
    },
}

# Panels on the admin's first page ("what needs me today"): dotted paths to functions
# that take the request and return HTML. Each app adds its own when it has one.
DASHBOARD_PANELS = [
    "visits.dashboard.setup_panel",
    "agreements.dashboard.panel",
    "visits.dashboard.panel",
    "exchanges.dashboard.anniversary_planner",
]

# Sections an app above cities adds to a partner's profile and to the home page: dotted
# paths to functions that take the request and the partner (or None) and return HTML, so
# that cities names no app above it.
PARTNER_PROFILE_SECTIONS = ["exchanges.sections.partner_timeline"]
HOME_SECTIONS = ["exchanges.sections.latest_exchanges"]
OPEN_DATA_SECTIONS = ["exchanges.sections.open_data_files"]
# `load_demo` (in visits) runs these after its own: the demo data of apps above visits.
DEMO_DATA_ABOVE_VISITS = ["exchanges.demo.load"]

# The staff calendar feed (office/feeds.py): dotted paths to functions that take a staff
# user and `today` and return the office.ical.Event list that user may see.
CALENDAR_EVENTS = [
    "agreements.feeds.calendar_events",
    "visits.feeds.calendar_events",
]

# Personal data of visit applications closed this many months ago is removed by
# `manage.py purge_visits` (run it daily); an anonymous record stays for the statistics.
VISIT_RETENTION_MONTHS = env_int("VISIT_RETENTION_MONTHS", default=24)

# The visit form answers more than this many submissions a minute from one address with a
# 429 page (the address as TRUSTED_PROXIES reads it); the count is shared between
# processes only with REDIS_URL set.
VISIT_SUBMISSIONS_PER_MINUTE = env_int("VISIT_SUBMISSIONS_PER_MINUTE", default=10)

# The public site's address (https://twinning.city.example): every link in a mail, a feed
# or a command's output starts with it (office/links.py). The worker and cron jobs have no
# request to read a host from, and a forged Host header must not end up in a mail.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL is not set (it is required when DEBUG is off): the site's public "
            "address for links in emails, e.g. https://twinning.city.example"
        )
    SITE_URL = "http://127.0.0.1:8000"

# django-modeltranslation's tabbed admin needs jQuery UI: ours, from static/, not a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Import and export (django-import-export). An import with any error changes nothing, and
# only users with the model's own "import"/"export" permission see the buttons (not every
# staff user, the library's default): Editors import partners and agreements, Visit
# coordinators export applications (personal data).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = False
# A sheet with this many rows or more is imported with its progress shown on the page
# (office/import_progress.py); smaller ones are done before a progress line would help.
IMPORT_PROGRESS_ROWS = env_int("IMPORT_PROGRESS_ROWS", default=1000)

# Wikidata (cities/wikidata.py): staff look partners up there from the admin; the public
# site never calls out. Wikimedia asks every program to say who it is and how to reach its
# operator: the User-Agent names SITE_URL and WIKIDATA_CONTACT (an address the division
# reads). Tests point WIKIDATA_API_URL at a local stand-in.
WIKIDATA_API_URL = os.environ.get("WIKIDATA_API_URL", "https://www.wikidata.org/w/api.php")
WIKIDATA_CONTACT = os.environ.get("WIKIDATA_CONTACT", "").strip() or DEFAULT_FROM_EMAIL
WIKIDATA_TIMEOUT = env_int("WIKIDATA_TIMEOUT", default=10)  # seconds
