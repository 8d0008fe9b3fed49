from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from agreements.reminders import due_reminders, queue_digest
from agreements.services import refresh_all_partner_relationships


class Command(BaseCommand):
    help = (
        "Mail the Editor group a digest of agreements ending, renewals due and anniversaries "
        "coming, and bring partners' relationship status up to date. Run it daily (cron or "
        "a timer): each item is mailed once per threshold. The mail is queued like every "
        "other (the worker sends it); links start with SITE_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, on=None, **options):
        today = parse_date(on) if on else timezone.localdate()
        if today is None:
            raise CommandError(f"Not a date: {on}")
        # Agreements lapse without anyone saving them: keep the partners' status current.
        changed = refresh_all_partner_relationships(on=today)
        if changed:
            self.stdout.write(f"Updated the relationship of {changed} partner(s).")
        reminders = due_reminders(on=today)
        if not reminders:
            self.stdout.write("Nothing new is due.")
            return
        messages = queue_digest(reminders, on=today)
        if not messages:
            # Nothing is recorded: the next run, once an editor has an address, mails it.
            raise CommandError("No active member of the Editor group has an email address.")
        self.stdout.write(f"Queued {len(reminders)} reminder(s) for {len(messages)} editor(s).")
