"""Mail without locks, with real processes: a slow mail server delays nobody, and a worker
killed mid-send leaves a message that the next worker sends, once.

The site and the worker run as separate processes on one SQLite file, as on a small
office's server, so SQLite's single write lock is really shared; and, where the suite
runs on PostgreSQL (CI), on a PostgreSQL database of the test's own, whose row locks a
transaction around the mail server's conversation would hold.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent
SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
ENGINES = ["sqlite"] + (["postgresql"] if SUITE_DATABASE.startswith("postgres") else [])
TEMPLATE = "twinning_hostile_mail_template"


class Database:
    """One database of the test's own: a SQLite file, or a PostgreSQL database."""

    def __init__(self, url):
        self.url = url

    def query(self, sql):
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as connection:
                return connection.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(sql).fetchall()


def postgres_admin(statement):
    import psycopg

    config = dj_database_url.parse(SUITE_DATABASE)
    with psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
    ) as connection:
        connection.execute(statement)


def postgres_url(name):
    return SUITE_DATABASE.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="module", params=ENGINES)
def migrated(request, tmp_path_factory):
    """A migrated database (a SQLite file, or a PostgreSQL template), copied for each test."""
    folder = tmp_path_factory.mktemp("hostile-mail")
    if request.param == "sqlite":
        database = Database(f"sqlite:///{folder / 'db.sqlite3'}")
        manage("migrate", "--noinput", "-v0", env=environment(database, folder))
        yield database
        return
    postgres_admin(f"DROP DATABASE IF EXISTS {TEMPLATE}")
    postgres_admin(f"CREATE DATABASE {TEMPLATE}")
    database = Database(postgres_url(TEMPLATE))
    manage("migrate", "--noinput", "-v0", env=environment(database, folder))
    yield database
    postgres_admin(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")


@pytest.fixture
def site(migrated, tmp_path):
    (tmp_path / "mail").mkdir()
    if migrated.url.startswith("sqlite"):
        database = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
        Path(database.url.removeprefix("sqlite:///")).write_bytes(
            Path(migrated.url.removeprefix("sqlite:///")).read_bytes()
        )
        yield database, tmp_path
        return
    name = f"twinning_hostile_mail_{os.getpid()}"
    postgres_admin(f"DROP DATABASE IF EXISTS {name}")
    postgres_admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield Database(postgres_url(name)), tmp_path
    postgres_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def environment(database, folder, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "EMAIL_BACKEND"}
    }
    env.update(
        DEBUG="1",  # static files from their folders, no HTTPS redirect
        SECRET_KEY="hostile-mail-test",
        SITE_URL="http://testserver",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=database.url,
        EMAIL_BACKEND="tests.office.slow_mail.SlowFileBackend",
        EMAIL_FILE_PATH=str(folder / "mail"),
        MEDIA_ROOT=str(folder / "media"),
        SLOW_MAIL_SECONDS="0",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_python(code, *, env):
    """Run `code` in Django's shell; it prints one line of JSON, returned here."""
    output = manage("shell", "-c", code, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def deliveries(database):
    return [
        tuple(row)
        for row in database.query("SELECT delivery, attempts FROM office_message ORDER BY id")
    ]


def sending(database):
    """True once a worker has taken the message's task and not finished it."""
    [(running,)] = database.query(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
    )
    return running == 1


def wait_for(condition, *, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


QUEUE_ONE_MESSAGE = """
import json
from django.db import transaction
from office.outbox import send
with transaction.atomic():
    send(kind="test", to="secretary@seoul.example", language="en", subject="Your visit",
         text="We received it.")
print(json.dumps("queued"))
"""

# A visitor's submission and a staff save (starting a review, which writes and queues
# a mail), each timed from inside the process.
SUBMIT_AND_SAVE = """
import json, time
from django.test import Client
from tests.factories import application_form_data, make_staff_user
from visits import workflow
from visits.models import VisitApplication, VisitRules
rules = VisitRules.current()
rules.notification_email = "international@city.example"
rules.save()
data = application_form_data()
started = time.perf_counter()
response = Client().post("/en/visits/apply/", data)
submitted = time.perf_counter() - started
application = VisitApplication.objects.get()
staff = make_staff_user()
started = time.perf_counter()
workflow.start_review(application, changed_by=staff)
saved = time.perf_counter() - started
print(json.dumps({"status": response.status_code, "submitted": submitted, "saved": saved}))
"""


def test_a_slow_mail_server_delays_no_submission_and_no_staff_save(site):
    database, folder = site
    env = environment(database, folder, SLOW_MAIL_SECONDS=15)
    run_python(QUEUE_ONE_MESSAGE, env=env)
    worker = start_worker(env)
    try:
        assert wait_for(lambda: sending(database), seconds=60)
        time.sleep(0.5)  # well into the mail server's wait
        timings = run_python(SUBMIT_AND_SAVE, env=env)
        # Still talking to the mail server while the others wrote.
        assert sending(database)
    finally:
        worker.kill()
        worker.wait()
    print(
        f"with a 15 s mail server: submission {timings['submitted']:.2f} s, "
        f"staff save {timings['saved']:.2f} s"
    )
    assert timings["status"] == 302
    assert timings["submitted"] < 2
    assert timings["saved"] < 2


def test_a_worker_killed_mid_send_is_replaced_and_the_mail_goes_out_once(site):
    database, folder = site
    run_python(QUEUE_ONE_MESSAGE, env=environment(database, folder))
    hanging = start_worker(environment(database, folder, SLOW_MAIL_SECONDS=600))
    try:
        assert wait_for(lambda: sending(database), seconds=60)
        time.sleep(0.5)  # well into the mail server's wait
    finally:
        hanging.send_signal(signal.SIGKILL)
        hanging.wait()
    killed_at = time.monotonic()
    assert list((folder / "mail").iterdir()) == []  # killed before the server took it
    # The next worker (systemd restarts it) sees a task running past the timeout.
    worker = start_worker(environment(database, folder, MAIL_SENDING_TIMEOUT=2))
    try:
        assert wait_for(lambda: deliveries(database)[0][0] == "sent", seconds=60)
        recovered = time.monotonic() - killed_at
        time.sleep(1)  # time for a second sending, if there were one
    finally:
        worker.terminate()
        worker.wait()
    print(f"killed worker's mail sent {recovered:.1f} s after the kill")
    assert deliveries(database) == [("sent", 1)]
    [sent] = list((folder / "mail").iterdir())
    assert sent.read_text().count("Subject: Your visit") == 1
    assert recovered < 30
