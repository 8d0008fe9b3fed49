from django.core.management.base import BaseCommand, CommandError

from office import backup


class Command(BaseCommand):
    help = (
        "Write the database and every uploaded file to one .tar.gz archive, for "
        "`manage.py restore` on this or another server (SQLite or PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive to write, e.g. twinning-2026-11-28.tar.gz")
        parser.add_argument(
            "--database", default="default", help="The database to back up (default: default)."
        )

    def handle(self, *args, path, database, **options):
        try:
            manifest = backup.make_backup(path=path, using=database)
        except backup.BackupFailed as error:
            raise CommandError(f"{error} Nothing was written to {path}.") from error
        rows = sum(manifest["counts"].values())
        media = manifest["media"]
        if media["kept_in"] != "archive":
            self.stdout.write(
                f"Wrote {path}: {rows} rows of {len(manifest['counts'])} models. The "
                f"uploaded files are in {media['kept_in']}, not in this archive: keep "
                "them with the store's own versioning or backups."
            )
            return
        self.stdout.write(
            f"Wrote {path}: {rows} rows of {len(manifest['counts'])} models and "
            f"{media['files']} files ({media['bytes']} bytes) under MEDIA_ROOT."
        )
