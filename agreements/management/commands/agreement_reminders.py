from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date

from agreements.reminders import due_reminders, record_sent
from agreements.services import refresh_all_partner_relationships
from office.groups import EDITOR


class Command(BaseCommand):
    help = (
        "Mail the Editor group a digest of agreements ending, renewals due and anniversaries "
        "coming, and bring partners' relationship status up to date. Run it daily (cron or "
        "a timer): each item is mailed once per threshold."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address for links in the mail, e.g. https://twinning.city.example",
        )

    def handle(self, *args, on=None, base_url="", **options):
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
        recipients = list(
            get_user_model()
            .objects.filter(groups__name=EDITOR, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        if not recipients:
            raise CommandError("No active member of the Editor group has an email address.")
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "reminders": reminders,
                "today": today,
                "admin_url": base_url.rstrip("/") + reverse("admin:index"),
            }
            subject = " ".join(
                render_to_string("agreements/emails/reminders_subject.txt", context).split()
            )
            body = render_to_string("agreements/emails/reminders.txt", context)
        # Recorded only after the mail went out: a failure records nothing, so the next
        # run tries again; a cron job sees the non-zero exit.
        with transaction.atomic():
            try:
                EmailMessage(
                    subject=subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=recipients,
                ).send()
            except Exception as error:
                raise CommandError(f"The reminder mail could not be sent: {error}") from error
            record_sent(reminders)
        self.stdout.write(f"Mailed {len(reminders)} reminder(s) to {len(recipients)} editor(s).")
