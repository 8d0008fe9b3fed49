"""Upgrade a database filled by the previous release and check that every row is kept.

The previous release's tree (git archive) migrates a fresh database and loads both demo
datasets, then adds what the demo lacks but staff and delegations create (calendar
addresses, an uploaded document, a queued message, ...). This tree's `migrate` then
upgrades that database, and the check compares: every table keeps at least its rows,
unless RENAMED says where they went; partner and agreement slugs, application references
and the other CONTENT_CHECKS are still there; every stored file still exists.

    .venv/bin/python scripts/check_upgrade.py                  # SQLite in a temporary folder
    .venv/bin/python scripts/check_upgrade.py --database-url postgres://postgres@127.0.0.1:5432/twinning_upgrade_check

With PostgreSQL it creates the database, and drops it again at the end.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PREVIOUS_RELEASE = "fd6ecba"

ROOT = Path(__file__).resolve().parent.parent

# Tables left out of the comparison, and why their rows may come and go.
EXCLUDED = {
    "django_migrations": "the record of applied migrations, which every upgrade rewrites",
    "django_session": "logins, which expire anyway: losing one only asks for a new login",
}
# SQLite's own bookkeeping (AUTOINCREMENT counters, ANALYZE statistics), not our data.
EXCLUDED_PREFIXES = ("sqlite_",)

# Where an old table's rows went: {old table: new table}. A one-item list marks a merge,
# several old tables into the one named: it must hold at least the sum of their rows, or,
# when MERGE_KEYS names the columns that tell its rows apart, at least as many rows as the
# old tables had distinct keys. A table still present under its old name is compared with
# itself: the rename has not happened yet.
RENAMED = {
    "cities_relationshiptype": "cities_agreementkind",
    "cities_historicalrelationshiptype": "cities_historicalagreementkind",
    "visits_attachment": "visits_document",
    "visits_message": "office_message",
    "agreements_calendartoken": ["office_calendartoken"],
    "visits_calendartoken": ["office_calendartoken"],
}
# The one calendar address per staff member: someone who had one for agreements and one
# for visits keeps one.
MERGE_KEYS = {"office_calendartoken": ("user_id",)}

# Rows that must survive the upgrade, not only their number: each query runs before and
# after, and every row it returned before must come back after. {table} names an old
# table; after the upgrade it stands for the table RENAMED says took its rows. Columns are
# not renamed: a check whose column is renamed needs a second query.
CONTENT_CHECKS = {
    "partner slugs": "SELECT slug FROM {cities_partner}",
    "agreement slugs": "SELECT slug FROM {agreements_agreement}",
    "agreement kinds": "SELECT slug, name_ja, name_en FROM {cities_relationshiptype}",
    "application references": "SELECT reference FROM {visits_visitapplication}",
    "application documents": (
        "SELECT a.reference, d.file, d.original_name FROM {visits_attachment} d"
        " JOIN {visits_visitapplication} a ON a.id = d.application_id"
    ),
    "agreement documents": (
        "SELECT a.slug, d.file FROM {agreements_agreementdocument} d"
        " JOIN {agreements_agreement} a ON a.id = d.agreement_id"
    ),
    # The worker's queued tasks name a message by its id: the id must stay.
    "queued messages": (
        "SELECT id, \"to\", subject FROM {visits_message} WHERE delivery = 'queued'"
    ),
    "staff with a calendar address": (
        "SELECT user_id FROM {agreements_calendartoken}"
        " UNION SELECT user_id FROM {visits_calendartoken}"
    ),
}
# Files the database points at (names relative to MEDIA_ROOT): each must still exist.
FILE_CHECKS = {
    "application documents": "SELECT file FROM {visits_attachment}",
    "agreement documents": "SELECT file FROM {agreements_agreementdocument}",
    "partner photos": "SELECT image FROM {cities_partnerphoto}",
}
# Tasks waiting for the worker name a function by its dotted path: the upgraded code must
# still have it, or the worker cannot run them (a queued mail would never leave).
QUEUED_TASKS = (
    "SELECT DISTINCT task_path FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
)

# Both demo datasets, as `manage.py load_demo` and `manage.py load_demo osaka` load them.
LOAD_DEMOS = textwrap.dedent(
    """
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", "osaka", stdout=io.StringIO())
    print("Loaded both demo datasets.")
    """
)

# What staff and delegations create that the demo does not, written with the previous
# release's own code (run by its `manage.py shell`). When PREVIOUS_RELEASE moves on, this
# and CONTENT_CHECKS follow that release's names.
PREVIOUS_RELEASE_EXTRAS = textwrap.dedent(
    """
    import io

    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from agreements.models import Agreement, AgreementDocument, ReminderSent, Signatory
    from agreements.models import CalendarToken as AgreementCalendarToken
    from cities.models import Partner, PartnerPhoto
    from visits import emails, services
    from visits.models import CalendarToken as VisitCalendarToken
    from visits.models import DeletionLogEntry, InternalNote, Message, VisitApplication

    User = get_user_model()
    admin, editor, coordinator, viewer = (
        User.objects.get(username=name) for name in ("admin", "editor", "coordinator", "viewer")
    )
    # admin has a calendar address in both apps; editor and coordinator in one each.
    AgreementCalendarToken.objects.create(user=admin)
    AgreementCalendarToken.objects.create(user=editor)
    VisitCalendarToken.objects.create(user=admin)
    VisitCalendarToken.objects.create(user=coordinator)

    application = VisitApplication.objects.open().order_by("pk").first()
    services.add_attachment(
        application,
        uploaded=SimpleUploadedFile(
            "programme.pdf", b"%PDF-1.4\\n1 0 obj <<>> endobj\\n%%EOF\\n", "application/pdf"
        ),
    )
    emails.queue_message(
        kind="upgrade_check",
        to=application.contact_email,
        language="en",
        subject="Your visit programme",
        body="Queued before the upgrade; sent after it.",
        application=application,
        for_applicant=True,
    )
    InternalNote.objects.create(
        application=application, text="Asked for the programme.", written_by=coordinator
    )
    DeletionLogEntry.objects.create(
        reference="VA-2020-0001", removed_at=application.submitted_at,
        records_removed=3, files_removed=1,
    )

    agreement = Agreement.objects.order_by("pk").first()
    party = agreement.parties.order_by("order", "pk").first().partner
    Signatory.objects.create(
        agreement=agreement, party=party, name_ja="市長", name_en="Mayor", title_ja="市長"
    )
    AgreementDocument.objects.create(
        agreement=agreement, title_ja="協定書", title_en="Agreement text", public=True,
        file=ContentFile(b"%PDF-1.4\\n%%EOF\\n", name="agreement.pdf"),
    )
    ReminderSent.objects.create(key=f"agreement:{agreement.pk}", threshold="90 days")

    partner = Partner.objects.exclude(pk=party.pk).order_by("pk").first()
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), "steelblue").save(buffer, "JPEG")
    PartnerPhoto.objects.create(
        partner=partner, alt_text_ja="市庁舎", alt_text_en="City hall",
        image=ContentFile(buffer.getvalue(), name="city-hall.jpg"),
    )
    # A staff edit: one more historical record.
    partner.description_en = (partner.description_en or "") + " Edited before the upgrade."
    partner.save()

    LogEntry.objects.create(
        user=admin, content_type=ContentType.objects.get_for_model(Message),
        object_id=str(Message.objects.first().pk), object_repr="message",
        action_flag=CHANGE, change_message="Sent again",
    )
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_message", content_type__app_label="visits"),
        Permission.objects.get(codename="view_calendartoken", content_type__app_label="agreements"),
    )
    print("Added calendar addresses, a document, a queued message, notes, photos, history.")
    """
)


class UpgradeLost(Exception):
    """The upgrade lost rows, content or files; the message says which."""


# The comparison. Pure functions of the counts, so tests can feed them made-up numbers.


def targets(renamed):
    """{new table: [old tables]} from RENAMED, whether a value is a name or a one-item list."""
    result = {}
    for old, new in renamed.items():
        if isinstance(new, list):
            if len(new) != 1:
                raise ValueError(f"RENAMED[{old!r}] must name one table, not {new!r}")
            new = new[0]
        result.setdefault(new, []).append(old)
    return result


def compare(before, after, *, renamed=RENAMED, distinct=None):
    """Compare row counts from before and after the upgrade.

    `before` and `after` map table names to row counts; `distinct` maps a merged table to
    the number of distinct keys (MERGE_KEYS) its old tables held. Returns the report's
    rows (table, before, after, note) and a list of problems, empty when nothing was lost.
    """
    distinct = distinct or {}
    rows = []
    problems = []
    moved = {}
    for new, olds in targets(renamed).items():
        gone = [old for old in olds if old in before and old not in after]
        if gone:
            moved[new] = gone
    moved_away = {old for olds in moved.values() for old in olds}

    for table in sorted(before):
        if table in moved_away:
            continue
        if table not in after:
            problems.append(
                f"{table}: gone after the upgrade ({before[table]} before), and RENAMED does"
                " not say where its rows went"
            )
            rows.append((table, before[table], None, "GONE"))
            continue
        lost = before[table] - after[table]
        rows.append((table, before[table], after[table], f"{lost} LOST" if lost > 0 else ""))
        if lost > 0:
            problems.append(f"{table}: {before[table]} rows before, {after[table]} after")

    for new, olds in sorted(moved.items()):
        label = f"{' + '.join(olds)} -> {new}"
        carried = sum(before[old] for old in olds)
        # A table that already existed keeps its own rows on top of those moved into it.
        needed = distinct.get(new, carried) + before.get(new, 0)
        if new not in after:
            problems.append(
                f"{label}: {carried} rows, and {new}, where RENAMED says they went, does not exist"
            )
            rows.append((label, carried, None, "GONE"))
            continue
        lost = needed - after[new]
        if lost > 0:
            problems.append(f"{label}: {needed} rows expected in {new}, {after[new]} there")
            note = f"{lost} LOST"
        else:
            note = f"needs {needed}: one per distinct key" if new in distinct else ""
        rows.append((label, carried, after[new], note))
    return rows, problems


def missing_rows(before_rows, after_rows):
    """The rows a content check returned before the upgrade and not after it, sorted."""
    return sorted(set(before_rows) - set(after_rows), key=repr)


def format_report(rows):
    width = max(len("table"), *(len(row[0]) for row in rows))
    lines = [f"{'table':<{width}}  {'before':>6}  {'after':>6}"]
    for table, count_before, count_after, note in rows:
        shown_after = "-" if count_after is None else count_after
        lines.append(f"{table:<{width}}  {count_before:>6}  {shown_after:>6}  {note}".rstrip())
    return "\n".join(lines)


# The database: a SQLite file, or a PostgreSQL database this script creates and drops.


class TableNames(dict):
    """Fills a query's {table}: the old name, or after the upgrade where its rows went."""

    def __init__(self, existing=None, renamed=RENAMED):
        super().__init__()
        self.existing = existing
        self.renamed = renamed

    def __missing__(self, table):
        if self.existing is None or table in self.existing or table not in self.renamed:
            return table
        new = self.renamed[table]
        return new[0] if isinstance(new, list) else new


class Database:
    def __init__(self, url):
        self.url = url
        self.vendor = "sqlite" if url.startswith("sqlite:") else "postgresql"

    @property
    def errors(self):
        """What a query naming a table or column the upgrade removed raises."""
        if self.vendor == "sqlite":
            return sqlite3.Error
        import psycopg

        return psycopg.Error

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(urlsplit(self.url).path)
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def rows(self, sql):
        connection = self.connect()
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            return cursor.fetchall()
        finally:
            connection.close()

    def table_names(self):
        if self.vendor == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            sql = (
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        return sorted(
            name
            for (name,) in self.rows(sql)
            if name not in EXCLUDED and not name.startswith(EXCLUDED_PREFIXES)
        )

    def counts(self):
        return {
            table: self.rows(f'SELECT COUNT(*) FROM "{table}"')[0][0]
            for table in self.table_names()
        }


class PostgresDatabase(Database):
    """A database of the check's own, created empty and dropped at the end."""

    def __init__(self, url):
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/") or "twinning_upgrade_check"
        # It drops the database it is given: refuse one that is not obviously its own.
        if "upgrade_check" not in self.name:
            raise SystemExit(
                f"Refusing to use the database {self.name!r}: the check drops it again. "
                "Give it a name with 'upgrade_check' in it."
            )
        super().__init__(urlunsplit(parts._replace(path=f"/{self.name}")))
        self.server_url = urlunsplit(parts._replace(path="/postgres"))

    def _server(self, sql):
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self):
        self.drop()
        self._server(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._server(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# Running the two trees.


def export_tree(commit, destination):
    """The files of a commit, as `git archive <commit> | tar -x` writes them."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True
        ).stdout
    except subprocess.CalledProcessError as error:
        raise SystemExit(
            f"git cannot export {commit}: {error.stderr.decode().strip()} "
            "(a shallow clone? fetch the history first)"
        ) from error
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive, check=True)


def manage(tree, *args, env):
    """Run a tree's manage.py; its output goes to this script's, its failure stops it."""
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(
            f"`{' '.join(args[:2])}` failed in {tree}:\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def django_env(database_url, media_root):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    env.update(
        DEBUG="1",
        SECRET_KEY="upgrade-check-not-secret",
        SITE_URL="http://127.0.0.1:8000",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        # Nothing leaves the machine: queued mail stays queued, there is no worker.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def distinct_keys(database):
    """For each merged table with MERGE_KEYS, how many distinct keys its old tables hold."""
    existing = set(database.table_names())
    result = {}
    for new, olds in targets(RENAMED).items():
        columns = MERGE_KEYS.get(new)
        olds = [old for old in olds if old in existing]
        if not columns or not olds:
            continue
        selects = " UNION ".join(f'SELECT {", ".join(columns)} FROM "{old}"' for old in olds)
        result[new] = database.rows(f"SELECT COUNT(*) FROM ({selects}) AS merged")[0][0]
    return result


def content(database):
    result = {}
    for name, sql in CONTENT_CHECKS.items():
        try:
            result[name] = database.rows(sql.format_map(TableNames()))
        except database.errors as error:
            raise SystemExit(
                f"The content check {name!r} does not run on the previous release ({error}): "
                "CONTENT_CHECKS names tables as that release has them."
            ) from error
    return result


def lost_content(database, content_before, existing):
    problems = []
    for name, sql in CONTENT_CHECKS.items():
        try:
            rows_after = database.rows(sql.format_map(TableNames(existing)))
        except database.errors as error:
            problems.append(f"{name}: its query fails after the upgrade: {error}".strip())
            continue
        lost = missing_rows(content_before[name], rows_after)
        if lost:
            shown = ", ".join(str(row[0] if len(row) == 1 else row) for row in lost[:5])
            shown += " ..." if len(lost) > 5 else ""
            problems.append(f"{name}: {len(lost)} of {len(content_before[name])} gone: {shown}")
    return problems


def missing_files(database, media_root, existing):
    problems = []
    for name, sql in FILE_CHECKS.items():
        try:
            file_names = database.rows(sql.format_map(TableNames(existing)))
        except database.errors as error:
            problems.append(f"{name} on disk: its query fails after the upgrade: {error}".strip())
            continue
        for (file_name,) in file_names:
            if file_name and not (media_root / file_name).is_file():
                problems.append(f"{name}: {file_name} is in the database but not on disk")
    return problems


def unknown_task_paths(database, env):
    paths = sorted(path for (path,) in database.rows(QUEUED_TASKS))
    if not paths:
        return []
    script = (
        "from django.utils.module_loading import import_string\n"
        f"for path in {paths!r}:\n"
        "    try:\n"
        "        import_string(path)\n"
        "    except ImportError:\n"
        "        print('MISSING', path)\n"
    )
    output = manage(ROOT, "shell", "--no-imports", "-v0", "-c", script, env=env)
    return [
        f"queued tasks: the worker cannot import {line.split()[1]}, which they name"
        for line in output.splitlines()
        if line.startswith("MISSING ")
    ]


def check(commit, database, workdir):
    media_root = workdir / "media"
    old_tree = workdir / "previous"
    old_tree.mkdir()
    env = django_env(database.url, media_root)
    started = time.monotonic()

    def step(text):
        print(f"[{time.monotonic() - started:5.1f}s] {text}", flush=True)

    step(f"Exporting {commit} to {old_tree}")
    export_tree(commit, old_tree)
    step("Previous release: migrate")
    manage(old_tree, "migrate", "--noinput", "-v0", env=env)
    step("Previous release: load_demo, load_demo osaka, then what staff and delegations add")
    # One process for the three: Django starts once.
    script = f"{LOAD_DEMOS}\n{PREVIOUS_RELEASE_EXTRAS}"
    print(manage(old_tree, "shell", "-v0", "-c", script, env=env).strip())

    before = database.counts()
    distinct = distinct_keys(database)
    content_before = content(database)

    step("This tree: migrate")
    manage(ROOT, "migrate", "--noinput", "-v0", env=env)
    after = database.counts()
    existing = set(after)

    rows, problems = compare(before, after, distinct=distinct)
    problems += lost_content(database, content_before, existing)
    problems += missing_files(database, media_root, existing)
    problems += unknown_task_paths(database, env)
    step("Compared")

    print(format_report(rows))
    print(f"Left out: {', '.join(f'{table} ({why})' for table, why in EXCLUDED.items())}.")
    checked = ", ".join([*CONTENT_CHECKS, *(f"{name} on disk" for name in FILE_CHECKS)])
    print(f"Content checked: {checked}, queued tasks importable.")
    if problems:
        raise UpgradeLost("\n".join(f"  - {problem}" for problem in problems))
    total = sum(before.values())
    print(
        f"Upgrade check passed: {len(before)} tables, {total} rows from {commit} kept "
        f"({database.vendor}, {time.monotonic() - started:.0f} s)."
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--from",
        dest="commit",
        default=PREVIOUS_RELEASE,
        help=f"the release whose database is upgraded (default: {PREVIOUS_RELEASE})",
    )
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:port/name: a database the check creates and drops "
        "(default: a SQLite file in a temporary folder)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder, to look into it"
    )
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="twinning-upgrade-check-"))
    if args.database_url:
        database = PostgresDatabase(args.database_url)
        database.create()
    else:
        database = Database(f"sqlite:///{workdir / 'db.sqlite3'}")
    try:
        check(args.commit, database, workdir)
    except UpgradeLost as error:
        print(f"Upgrade check FAILED: upgrading {args.commit}'s database lost data:\n{error}")
        return 1
    finally:
        if isinstance(database, PostgresDatabase):
            database.drop()
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
