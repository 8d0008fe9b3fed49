from django.core.management.base import BaseCommand, CommandError

from office import backup


class Command(BaseCommand):
    help = (
        "Load an archive of `manage.py backup` into this installation, which must be new: "
        "migrated, with no users, partners, agreements or applications."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive `manage.py backup` wrote.")
        parser.add_argument(
            "--database", default="default", help="The database to restore into (default: default)."
        )

    def handle(self, *args, path, database, **options):
        try:
            manifest = backup.restore_backup(path=path, using=database)
        except backup.RestoreRefused as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored {rows} rows and {manifest['media']['files']} files from {path}, "
            f"made {manifest['made_at']} on {manifest['database']}.\n"
            "Queued mail goes out once a worker runs (`manage.py worker`). Applications "
            "past their retention period are removed by the next `manage.py purge_visits`."
        )
