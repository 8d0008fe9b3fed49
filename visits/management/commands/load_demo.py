import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from agreements import demo as agreements_demo
from cities import demo as cities_demo
from office.groups import EDITOR, VIEWER, VISIT_COORDINATOR
from visits import demo as visits_demo
from visits import demo_staff as visits_demo_staff

# Each app's demo module, in the order they depend on one another.
DEMO_MODULES = [cities_demo, agreements_demo, visits_demo, visits_demo_staff]

DEMO_ACCOUNTS = [
    # username, group (None: superuser)
    ("admin", None),
    ("editor", EDITOR),
    ("coordinator", VISIT_COORDINATOR),
    ("viewer", VIEWER),
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "dataset",
            nargs="?",
            default="tsukuba",
            choices=["tsukuba", "osaka"],
            help="Whose network to load: Tsukuba's (default) or Osaka's.",
        )

    @transaction.atomic
    def handle(self, *args, dataset, **options):
        # Accounts first: the demo applications notify the Visit coordinator group.
        self.create_accounts()
        for module in DEMO_MODULES:
            module.load(dataset, self.stdout)
        # Apps above visits (exchanges) add theirs by name: visits imports none of them.
        for path in settings.DEMO_DATA_ABOVE_VISITS:
            import_string(path)(dataset, self.stdout)

    def create_accounts(self):
        User = get_user_model()
        created = []
        for username, group_name in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                password=password,
                email=f"{username}@city.example",
                is_staff=True,
                is_superuser=group_name is None,
            )
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            created.append((username, group_name or "superuser", password))
        if created:
            self.stdout.write("Demo accounts (the passwords are shown only this once):")
            for username, role, password in created:
                self.stdout.write(f"  {username:<12} {role:<18} {password}")
        else:
            self.stdout.write("Demo accounts exist already; their passwords are unchanged.")
