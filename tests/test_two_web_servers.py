"""Two web servers, one database, one cache: the web process keeps no state of its own.

A city that outgrows one machine runs the web process on several, behind its proxy,
with PostgreSQL and Redis (and a shared store for uploads) as the only shared parts.
This test starts two gunicorn servers as production does (DEBUG off, behind a trusted
proxy) against one database and one cache, and shows that what happens through one is
true through the other: an application submitted through one is on the other's staff
list, the staff member logged in through one is logged in on the other, and one
visitor's submissions count against one limit whichever server takes them.

In CI that is PostgreSQL and Redis; on a laptop's `make test` it is a SQLite file and a
shared cache folder (tests/two_servers_settings.py).
"""

import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import dj_database_url
import pytest

from tests.factories import a_visit_day

ROOT = Path(__file__).resolve().parent.parent
VISITOR = "203.0.113.7"  # the delegation's address, as the proxy reports it
DATABASE = "twinning_two_servers"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def own_database(tmp_path):
    """A database of this test's own, on the engine the suite runs on."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    import psycopg

    config = dj_database_url.parse(url)
    server = dict(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    return url.rsplit("/", 1)[0] + f"/{DATABASE}"


@pytest.fixture
def environment(tmp_path):
    cache_folder = tmp_path / "cache"
    cache_folder.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.two_servers_settings",
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-" + "x" * 40,
        "SITE_URL": "https://twinning.city.example",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": own_database(tmp_path),
        "SHARED_CACHE_FOLDER": str(cache_folder),
        "MEDIA_ROOT": str(tmp_path / "media"),  # one folder both servers see
        "TRUSTED_PROXIES": "1",
        "VISIT_SUBMISSIONS_PER_MINUTE": "2",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "WEB_WORKERS": "1",
        "WEB_THREADS": "1",
    }
    setup = (
        "from django.contrib.auth.models import User\n"
        "from visits.models import VisitRules\n"
        "User.objects.create_superuser('coordinator', 'c@city.example', 'a long passphrase')\n"
        "rules = VisitRules.current()\n"
        "rules.notification_email = 'international@city.example'\n"
        "rules.save()\n"
    )
    for command in (["migrate", "--noinput", "-v0"], ["shell", "-c", setup]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    yield env
    if env["DATABASE_URL"].endswith(f"/{DATABASE}"):
        import psycopg

        config = dj_database_url.parse(env["DATABASE_URL"])
        with psycopg.connect(
            dbname="postgres",
            autocommit=True,
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
        ) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


class Server:
    """One gunicorn web process, started with deploy/gunicorn.conf.py."""

    def __init__(self, env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env={**env, "WEB_BIND": f"127.0.0.1:{self.port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("gunicorn did not start within a minute")

    def request(self, method, path, *, cookies=None, form=None):
        """(status, headers, body) of one request, as the city's proxy would pass it."""
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": VISITOR,
            "Origin": origin,
            "Referer": origin + path,
        }
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def servers(environment):
    started = []
    try:
        started.append(Server(environment))
        started.append(Server(environment))
        yield started
    finally:
        for server in started:
            server.stop()


def cookies_set(headers, into):
    for header in headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        into[name] = value
    return into


def hidden_inputs(page):
    return {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def visit_form(server, cookies):
    status, headers, page = server.request("GET", "/en/visits/apply/", cookies=cookies)
    assert status == 200
    cookies_set(headers, cookies)
    slot = re.search(r'name="first_choice_slot"[^>]*>.*?<option value="(\d+)"', page, re.S)
    return {
        **hidden_inputs(page),
        "organisation_name": "Stadt Bochum",
        "organisation_kind": "local_government",
        "country": "DE",
        "leader_name": "Anna Schmidt",
        "leader_title": "Head of International Relations",
        "contact_name": "Jonas Weber",
        "contact_email": "international@bochum.example",
        "contact_phone": "+49 234 910 0",
        "reply_language": "en",
        "headcount": "4",
        "interpreter": "bringing",
        "first_choice_on": a_visit_day().isoformat(),
        "first_choice_slot": slot.group(1),
        "purpose": "To see how the city works with its research institutes.",
        "consent": "on",
        "members-0-name": "Anna Schmidt",
    }


def test_two_web_servers_share_applications_logins_and_limits(servers):
    one, other = servers

    # A delegation applies through one server.
    visitor = {}
    status, _, page = one.request(
        "POST", "/en/visits/apply/", cookies=visitor, form=visit_form(one, visitor)
    )
    assert status == 302, page

    # A coordinator logs in through one server ...
    staff = {}
    status, headers, page = one.request("GET", "/admin/login/", cookies=staff)
    cookies_set(headers, staff)
    status, headers, _ = one.request(
        "POST",
        "/admin/login/?next=/admin/",
        cookies=staff,
        form={
            **hidden_inputs(page),
            "username": "coordinator",
            "password": "a long passphrase",
        },
    )
    assert status == 302 and "sessionid" in cookies_set(headers, staff)

    # ... and is logged in on the other, where the application is on the list.
    status, _, page = other.request("GET", "/admin/visits/visitapplication/", cookies=staff)
    assert status == 200
    assert "Stadt Bochum" in page

    # The same visitor's next submissions count against one limit, whichever server
    # takes them: the second is taken by the other server, the third is refused there.
    status, _, _ = other.request(
        "POST", "/en/visits/apply/", cookies=visitor, form=visit_form(other, visitor)
    )
    assert status == 302
    status, headers, _ = one.request(
        "POST", "/en/visits/apply/", cookies=visitor, form=visit_form(one, visitor)
    )
    assert status == 429
    assert headers["Retry-After"] == "60"
