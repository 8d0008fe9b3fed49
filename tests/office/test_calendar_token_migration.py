"""Migrations that move data: every calendar address staff subscribed to keeps working.

These migrate the test database back and forth, which SQLite allows only outside a
transaction: hence transaction=True (pytest-django runs these after the others).
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from office.models import CalendarToken

pytestmark = pytest.mark.django_db(transaction=True)

ONE_TOKEN_MODEL = ("office", "0002_calendartoken")


def migrate_back_to_before(migration):
    """The database and the historical models as they were before `migration`."""
    executor = MigrationExecutor(connection)
    [before] = [
        parent
        for parent in executor.loader.graph.node_map[migration].parents
        if parent.key[0] == migration[0]
    ]
    executor.migrate([before.key])
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def migrate_to_the_end():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_tokens_of_both_old_feeds_open_the_one_feed_after_the_migration(client):
    old = migrate_back_to_before(ONE_TOKEN_MODEL)
    User = old.get_model("auth", "User")
    both = User.objects.create(username="both", is_staff=True)
    migrated_back = User.objects.create(username="migrated-back", is_staff=True)
    created = datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    agreement_token = old.get_model("agreements", "CalendarToken").objects.create(
        user=both, token="agreement-token"
    )
    old.get_model("visits", "CalendarToken").objects.create(user=both, token="visit-token")
    # Migrating back writes a staff member's newest token into both old tables.
    for app_label in ("agreements", "visits"):
        old.get_model(app_label, "CalendarToken").objects.create(
            user=migrated_back, token="one-token"
        )
    old.get_model("agreements", "CalendarToken").objects.filter(pk=agreement_token.pk).update(
        created_at=created
    )

    migrate_to_the_end()

    for token in ("agreement-token", "visit-token", "one-token"):
        assert client.get(f"/calendar/{token}.ics").status_code == 200
    assert sorted(CalendarToken.objects.filter(user=both.pk).values_list("token", flat=True)) == [
        "agreement-token",
        "visit-token",
    ]
    assert CalendarToken.objects.filter(user=migrated_back.pk).count() == 1
    assert CalendarToken.objects.get(token="agreement-token").created_at == created
