from django.conf import settings
from django.core.management.base import BaseCommand

from visits import drafts, retention, uploads


class Command(BaseCommand):
    help = (
        "Remove the personal data of visit applications closed more than N months ago, "
        "keeping an anonymous record for the statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=f"Retention in months (default: VISIT_RETENTION_MONTHS, "
            f"{settings.VISIT_RETENTION_MONTHS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be removed; change nothing."
        )

    def handle(self, *args, months, dry_run, **options):
        if not dry_run:
            # Expired saved forms first: their kept files then go with the other files
            # chosen on a form never sent and kept past uploads.KEPT_FOR.
            saved = drafts.purge()
            self.stdout.write(f"Removed {saved} expired saved form(s).")
            kept = uploads.purge()
            self.stdout.write(f"Removed {kept} file(s) kept for forms never sent.")
        removals = retention.purge(months=months, dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for removal in removals:
            self.stdout.write(
                f"{verb} {removal.reference}: {removal.records} records, {removal.files} files"
            )
        if not removals:
            self.stdout.write("Nothing to remove.")
        else:
            self.stdout.write(f"{verb} the personal data of {len(removals)} application(s).")
