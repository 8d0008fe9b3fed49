"""One archive holding everything the division keeps: the database and the uploaded files.

`manage.py backup PATH` writes it; `manage.py restore PATH` brings it back into an empty
installation, on SQLite or PostgreSQL whichever the archive came from: restoring a SQLite
backup into PostgreSQL is how an office outgrows SQLite.

The archive is a .tar.gz: one pass that streams to disk, gzip's checksum over all of it,
and any server's `tar -tzf` lists it. Inside, in this order:

- manifest.json: the format, when, this code's applied migrations, the rows per model,
  the dump's size and SHA-256, the number and size of the files;
- database.jsonl: Django's JSON Lines dump (`dumpdata --format jsonl`, times to the
  microsecond), one row a line, so neither the backup nor the restore holds the database
  in memory. Users and groups are named by natural key (username, group name), content
  types and permissions by app and model: the restore finds them in a database whose ids
  differ. The other rows keep their ids;
- media/...: every file under MEDIA_ROOT (photos and their page sizes, agreement
  documents, delegations' documents), when uploads are kept in that folder. An object
  store (STORAGE_BACKEND) keeps its own versions: the archive then holds the database
  only and says so, and a restore writes an archive's files through the storage API.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.jsonl"
MEDIA = "media"

# Rows the dump leaves out, and why they are not missed.
LEFT_OUT = {
    "contenttypes.contenttype": "migrate creates them; the dump names them by app and model",
    "auth.permission": "migrate creates them; groups and users name theirs by app and codename",
    "sessions.session": "logins: they hold a user's id, which a restore may change, and "
    "expire anyway; staff log in again",
}

# A database with any of these is in use, and a restore never overwrites one. Labels, not
# imports: office imports no app above it. Without them, the only rows are those
# `migrate` writes (the staff groups, the first day's lists), which the archive replaces.
IN_USE = ("auth.User", "cities.Partner", "agreements.Agreement", "visits.VisitApplication")

CHUNK = 1024 * 1024

START_EMPTY = (
    "Restore into an empty database: create a new one (PostgreSQL: createdb; SQLite: "
    "a DATABASE_URL naming a new file), run `manage.py migrate`, create no users, then "
    "run `manage.py restore` again."
)


class BackupFailed(Exception):
    """The archive could not be written; nothing was left at its path."""


class RestoreRefused(Exception):
    """The archive cannot be restored here; the database and MEDIA_ROOT are unchanged."""


def make_backup(*, path, using=DEFAULT_DB_ALIAS):
    """Write the database and MEDIA_ROOT to one .tar.gz at `path`; return its manifest.

    The archive is written as `path`.partial and renamed once complete, so `path` holds
    either a whole archive (a previous one included) or nothing.
    """
    path = Path(path).absolute()
    media_root = Path(settings.MEDIA_ROOT).absolute()
    if path.is_relative_to(media_root):
        raise BackupFailed(
            f"Write the backup outside MEDIA_ROOT ({media_root}): it would hold itself."
        )
    partial = path.with_name(path.name + ".partial")
    try:
        # The dump waits next to the archive, not in /tmp: it is the archive's size.
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".twinning-backup-") as work:
            dump = Path(work) / DUMP
            with _one_snapshot(using):
                with dump.open("w", encoding="utf-8") as stream:
                    counts = _dump(stream, using=using)
                migrations = applied_migrations(using=using)
            media = _media_files(media_root) if uploads_in_media_root() else []
            manifest = {
                "format": FORMAT,
                "made_at": timezone.localtime().isoformat(timespec="seconds"),
                "database": connections[using].vendor,
                "django": django.get_version(),
                "migrations": migrations,
                "counts": counts,
                "left_out": LEFT_OUT,
                "dump": {"name": DUMP, "bytes": dump.stat().st_size, "sha256": _sha256(dump)},
                "media": {
                    "files": len(media),
                    "bytes": sum(size for _, _, size in media),
                    "kept_in": "archive" if uploads_in_media_root() else _store_name(),
                },
            }
            _write_archive(partial, manifest=manifest, dump=dump, media=media)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def restore_backup(*, path, using=DEFAULT_DB_ALIAS):
    """Load an archive of make_backup into this empty installation; return its manifest.

    Everything is checked before anything changes: the archive reads to its end and
    matches its manifest, it was made by this code (the same migrations), the database
    is empty. The rows are then loaded in one transaction, and the files copied last.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="twinning-restore-") as work:
        work = Path(work)
        manifest = _unpack(path, into=work, using=using)
        media = work / MEDIA
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        written = []
        try:
            with transaction.atomic(using=using):
                _refuse_a_database_in_use(using)
                _empty_the_tables_the_archive_fills(using)
                call_command("loaddata", str(work / DUMP), database=using, verbosity=0)
                counts = {
                    model._meta.label_lower: model._base_manager.using(using).count()
                    for model in dumped_models()
                }
                if counts != manifest["counts"]:
                    raise RestoreRefused(
                        "The rows loaded differ from the archive's manifest: "
                        + _differences(manifest["counts"], counts)
                    )
                _reset_sequences(using)
                # Last, inside the transaction: a file that cannot be written undoes the
                # rows, and the files already copied are removed again below.
                if not uploads_in_media_root():
                    _save_to_store(files, media=media)
                    return manifest
                media_root = Path(settings.MEDIA_ROOT)
                for source in files:
                    target = media_root / source.relative_to(media)
                    if not target.exists():
                        written.append(target)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)
                    # As an upload would be stored: delegations' documents are personal.
                    if settings.FILE_UPLOAD_PERMISSIONS is not None:
                        os.chmod(target, settings.FILE_UPLOAD_PERMISSIONS)
        except BaseException:
            for target in written:
                target.unlink(missing_ok=True)
            raise
    return manifest


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds, as JavaScript does,
    and a restore would round every timestamp."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _dump(stream, *, using):
    """Write every row as `dumpdata --natural-foreign --natural-primary --all` would, as
    JSON Lines; return the rows written per model."""
    counts = {}

    def rows():
        for model in serializers.sort_dependencies([(None, dumped_models())], allow_cycles=True):
            if not router.allow_migrate_model(using, model):
                continue
            label = model._meta.label_lower
            counts[label] = 0
            # The base manager: every row, whatever the default manager leaves out.
            # Users and content types are written by natural key, so read with the row;
            # groups, topics, ... come in one query per 2,000 rows, not one per row.
            by_natural_key = [
                field.name
                for field in model._meta.concrete_fields
                if field.is_relation and hasattr(field.related_model, "natural_key")
            ]
            queryset = (
                model._base_manager.using(using)
                .order_by(model._meta.pk.name)
                .select_related(*by_natural_key)
                .prefetch_related(*(field.name for field in model._meta.many_to_many))
            )
            for row in queryset.iterator(chunk_size=2000):
                counts[label] += 1
                yield row

    serializers.serialize(
        "jsonl",
        rows(),
        stream=stream,
        cls=_ExactJSONEncoder,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    return counts


def dumped_models():
    """The models whose rows the archive holds: all but LEFT_OUT and proxies."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.label_lower not in LEFT_OUT
    ]


def applied_migrations(*, using=DEFAULT_DB_ALIAS):
    """{app: [migration names]} applied to the database, of the migrations this code has.

    A row left by a migration file removed since (after a squash) is not counted: the
    code that made a backup knows only its own files.
    """
    connection = connections[using]
    on_disk = MigrationExecutor(connection).loader.disk_migrations
    result = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        if (app_label, name) in on_disk:
            result.setdefault(app_label, []).append(name)
    return result


@contextmanager
def _one_snapshot(using):
    """Read the whole dump from one moment of the database while the site goes on.

    Without it a delegation's document saved halfway through the dump could be in it
    while its application is not, and the restore would fail on that.
    """
    connection = connections[using]
    if not connection.get_autocommit():
        # Already inside a transaction (a caller's atomic block): it is the snapshot.
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # A plain (deferred) BEGIN: a reader's snapshot that lets the site write on (WAL).
        # Django's atomic() would BEGIN IMMEDIATE (settings.py) and stop every writer.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
    else:
        with transaction.atomic(using=using):
            yield


def uploads_in_media_root():
    """True when uploads are files under MEDIA_ROOT, which the archive then holds."""
    return isinstance(storages["default"], FileSystemStorage)


def _store_name():
    return settings.STORAGES["default"]["BACKEND"]


def _save_to_store(files, *, media):
    # An object store: each file under its own name, through the storage API. Inside the
    # restore's transaction, so a store that refuses a file undoes the rows.
    store = storages["default"]
    for source in files:
        name = source.relative_to(media).as_posix()
        if store.exists(name):
            store.delete(name)
        with source.open("rb") as content:
            store.save(name, File(content, name=name))


def _media_files(media_root):
    """[(file, name in the archive, size)] of every file under MEDIA_ROOT."""
    if not media_root.exists():
        return []
    found = []
    for folder, _, names in os.walk(media_root):
        for name in names:
            file = Path(folder) / name
            if file.is_file() and not file.is_symlink():
                relative = file.relative_to(media_root).as_posix()
                found.append((file, f"{MEDIA}/{relative}", file.stat().st_size))
    return sorted(found, key=lambda item: item[1])


def _write_archive(partial, *, manifest, dump, media):
    # Readable by its owner only: it holds personal data and password hashes.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        with tarfile.open(fileobj=file, mode="w:gz", compresslevel=6) as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DUMP, recursive=False)
            for file_path, name, size in media:
                _add_file(archive, file_path, name=name, size=size)
        file.flush()
        os.fsync(file.fileno())


def _add_file(archive, file_path, *, name, size):
    # Uploads get new names, so a file gone or resized is one replaced or removed at this
    # very moment: the manifest, already written, would no longer describe it.
    changed = BackupFailed(f"{file_path} changed while the backup was written: run it again.")
    try:
        stream = file_path.open("rb")
    except FileNotFoundError:
        raise changed from None
    with stream:
        info = archive.gettarinfo(arcname=name, fileobj=stream)
        if info.size != size:
            raise changed
        archive.addfile(info, stream)


def _unpack(path, *, into, using):
    """Check the archive and unpack it into a folder; return its manifest.

    The manifest comes first, so an archive from other code is refused before the rest
    is read; then every member is read to the end, where gzip checks its checksum.
    """
    if not path.is_file():
        raise RestoreRefused(f"There is no file at {path}.")
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            first = archive.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise RestoreRefused(f"{path} is not a Twinning backup: it has no manifest.")
            manifest = json.load(archive.extractfile(first))
            _check_manifest(manifest, using=using)
            _refuse_a_database_in_use(using)
            while (member := archive.next()) is not None:
                target = _member_target(member, into=into)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source, target.open("wb") as copy:
                    shutil.copyfileobj(source, copy, CHUNK)
            # tarfile stops at the archive's end marker; gzip checks its checksum at the
            # very end of the file, so read up to there.
            while archive.fileobj.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as error:
        # json's errors are ValueErrors.
        raise RestoreRefused(
            f"{path} is damaged or incomplete and cannot be restored ({error}). Nothing "
            "was changed. Copy the archive again, or restore an older one."
        ) from error
    except gzip.BadGzipFile as error:
        raise RestoreRefused(
            f"{path} is not a .tar.gz backup, or is damaged ({error}). Nothing was changed."
        ) from error
    _check_contents(manifest, folder=into, path=path)
    return manifest


def _member_target(member, *, into):
    """Where a member of the archive is unpacked; a member of no backup is refused."""
    name = PurePosixPath(member.name)
    inside_media = name.parts[:1] == (MEDIA,) and len(name.parts) > 1
    if (
        not member.isfile()
        or name.is_absolute()
        or ".." in name.parts
        or (str(name) != DUMP and not inside_media)
    ):
        raise RestoreRefused(f"The archive holds {member.name!r}, which no backup holds.")
    return into.joinpath(*name.parts)


def _check_manifest(manifest, *, using):
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreRefused(
            f"The archive's format is not this code's (format {FORMAT}): restore it with "
            "the release that made it."
        )
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RestoreRefused(
            "This database is not up to date with the code: run `manage.py migrate` first."
        )
    ours = _as_pairs(applied_migrations(using=using))
    theirs = _as_pairs(manifest.get("migrations", {}))
    if theirs - ours:
        raise RestoreRefused(
            "The archive was made by a newer release of Twinning (migrations unknown here: "
            f"{_some(theirs - ours)}). Install that release (or a newer one) here, run "
            "`manage.py migrate`, then restore."
        )
    if ours - theirs:
        raise RestoreRefused(
            "The archive was made by an older release of Twinning (it lacks the migrations "
            f"{_some(ours - theirs)}). Restore it with that release, then upgrade to this "
            "one: `manage.py migrate` converts the data."
        )


def _check_contents(manifest, *, folder, path):
    dump = folder / DUMP
    if not dump.is_file():
        raise RestoreRefused(f"{path} has no database dump. Nothing was changed.")
    expected = manifest.get("dump", {})
    if dump.stat().st_size != expected.get("bytes") or _sha256(dump) != expected.get("sha256"):
        raise RestoreRefused(
            f"{path}: the database dump differs from the one the manifest describes "
            "(damaged?). Nothing was changed."
        )
    media = folder / MEDIA
    files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    found = {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    listed = manifest.get("media") or {}
    if found != {"files": listed.get("files"), "bytes": listed.get("bytes")}:
        raise RestoreRefused(
            f"{path}: the files differ from those the manifest lists ({found['files']} "
            f"files, {found['bytes']} bytes instead of {listed.get('files')} files, "
            f"{listed.get('bytes')} bytes). Nothing was changed."
        )


def _refuse_a_database_in_use(using):
    found = {}
    for label in IN_USE:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        count = model._base_manager.using(using).count()
        if count:
            found[model._meta.label] = count
    if found:
        rows = ", ".join(f"{label}: {count}" for label, count in found.items())
        raise RestoreRefused(f"This database is not empty ({rows}). {START_EMPTY}")


def _empty_the_tables_the_archive_fills(using):
    """Remove what `migrate` wrote (the staff groups, the first day's lists): the
    archive's own replace them, with their ids.

    Plain SQL, not the ORM's delete(): no signals, so no history row for a removed row.
    Every table that refers to these is emptied with them.
    """
    connection = connections[using]
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if not model._meta.proxy and model._meta.label_lower not in LEFT_OUT
        }
    )
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))


def _reset_sequences(using):
    # The next partner or application must not take an id the archive brought. loaddata
    # resets the tables it wrote; this covers every table, those left empty included.
    connection = connections[using]
    models = [
        model for model in apps.get_models(include_auto_created=True) if not model._meta.proxy
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _sha256(file):
    digest = hashlib.sha256()
    with file.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _as_pairs(migrations):
    return {(app, name) for app, names in migrations.items() for name in names}


def _some(pairs, *, limit=5):
    names = [f"{app}.{name}" for app, name in sorted(pairs)]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _differences(expected, found):
    lines = [
        f"{label}: {found.get(label, 0)} instead of {count}"
        for label, count in sorted(expected.items())
        if found.get(label, 0) != count
    ]
    lines += [
        f"{label}: unexpected" for label in sorted(set(found) - set(expected)) if found[label]
    ]
    return "; ".join(lines)
