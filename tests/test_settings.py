"""Settings come from the environment, and the safe default wins when a variable is missing."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "SITE_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; "
            "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
            "s.SITE_URL)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings(SITE_URL="https://twinning.city.example")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_site_url_is_required_when_debug_is_off():
    result = load_settings(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL is not set" in result.stderr


def test_with_debug_on_links_point_at_the_development_server():
    result = load_settings(DEBUG="1", DATABASE_URL="", REDIS_URL="")
    assert result.stdout.split()[-1] == "http://127.0.0.1:8000"


def test_site_url_is_read_without_its_trailing_slash():
    result = load_settings(SECRET_KEY="x" * 50, SITE_URL="https://twinning.city.example/")
    assert result.stdout.split()[-1] == "https://twinning.city.example"


def test_database_url_is_required_when_debug_is_off():
    result = load_settings(
        SECRET_KEY="x" * 50, SITE_URL="https://twinning.city.example", DATABASE_URL=""
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_URL is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = load_settings(
        SECRET_KEY="x" * 50,
        SITE_URL="https://twinning.city.example",
        DATABASE_URL="sqlite:///db.sqlite3",
        REDIS_URL="",
    )
    assert result.stdout.split()[:3] == [
        "False",
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_database_and_cache_urls_are_read_from_the_environment():
    result = load_settings(
        SECRET_KEY="x" * 50,
        SITE_URL="https://twinning.city.example",
        DATABASE_URL="postgres://twinning:secret@db.example:5432/twinning",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.split()[:3] == [
        "False",
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
    ]


def variables_read(path):
    """Every environment variable a Python file reads by name."""
    pattern = re.compile(
        r"(?:os\.environ\.get|os\.environ\.setdefault|env_flag|env_int|env_list|env_json)\(\s*\"(\w+)\""
        r"|os\.environ\[\"(\w+)\"\]"
    )
    return {a or b for a, b in pattern.findall(path.read_text())}


def test_env_example_lists_every_variable_the_settings_and_gunicorn_read():
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read = variables_read(ROOT / "config" / "settings.py") | variables_read(
        ROOT / "deploy" / "gunicorn.conf.py"
    )
    assert len(read) > 20
    assert sorted(read - listed - {"TZ"}) == []


def settings_values(*names, **env):
    """The settings named, as config/settings.py reads them from this environment."""
    printed = ", ".join(f"getattr(s, {name!r}, None)" for name in names)
    result = subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({printed})"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_language_cookie_is_secure_and_same_site_in_production():
    values = settings_values(
        "LANGUAGE_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SAMESITE",
        DEBUG="0",
        SECRET_KEY="x" * 50,
        SITE_URL="https://twinning.city.example",
        DATABASE_URL="sqlite:///db.sqlite3",
        SESSION_COOKIE_SECURE="",
    )
    assert values == "True Lax"


def test_uploads_go_to_the_store_the_environment_names():
    values = settings_values(
        "STORAGES",
        STORAGE_BACKEND="storages.backends.s3.S3Storage",
        STORAGE_OPTIONS='{"bucket_name": "twinning-uploads", "default_acl": "private"}',
    )
    assert "'BACKEND': 'storages.backends.s3.S3Storage'" in values
    assert "'OPTIONS': {'bucket_name': 'twinning-uploads', 'default_acl': 'private'}" in values


def test_store_options_that_are_not_json_stop_the_start_with_their_name():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={**os.environ, "STORAGE_OPTIONS": "{bucket_name: twinning}"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "STORAGE_OPTIONS is not valid JSON" in result.stderr
