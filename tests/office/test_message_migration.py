"""An upgraded installation keeps its mail: messages move to the office with their link."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from office.models import Message
from visits.models import VisitApplication

BEFORE = [("visits", "0005_remove_calendartoken"), ("office", "0002_calendartoken")]
LATEST = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()


@pytest.fixture
def latest_schema_afterwards():
    yield
    # Whatever happened, the next tests need today's tables.
    migrate(LATEST)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Migrations change the schema: outside the per-test transaction.
@pytest.mark.django_db(transaction=True)
def test_messages_move_to_the_office_with_their_application_and_queued_task(
    latest_schema_afterwards,
):
    old = migrate(BEFORE)
    TimeSlot = old.get_model("visits", "TimeSlot")
    slot = TimeSlot.objects.create(
        name="Morning", starts_at=datetime.time(10), ends_at=datetime.time(12)
    )
    application = old.get_model("visits", "VisitApplication").objects.create(
        reference="VA-2026-0001",
        language="en",
        status_token="token",
        organisation_name="Busan Metropolitan City",
        organisation_kind="local_government",
        country="KR",
        leader_name="Park",
        contact_name="Kim",
        contact_email="kim@busan.example",
        reply_language="en",
        headcount=5,
        interpreter="bringing",
        first_choice_on=datetime.date(2027, 3, 3),
        first_choice_slot=slot,
        purpose="Study",
        consented_at=timezone.now(),
    )
    message = old.get_model("visits", "Message").objects.create(
        application=application,
        kind="accepted",
        to="kim@busan.example",
        language="en",
        subject="Your visit is confirmed",
        body="See you.",
        for_applicant=True,
    )
    # The task table is django_tasks_db's own, the same before and after.
    task = DBTaskResult.objects.create(
        task_path="visits.tasks.deliver_message",
        args_kwargs={"args": [message.pk], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )

    migrate(LATEST)
    ContentType.objects.clear_cache()
    moved = Message.objects.get(pk=message.pk)
    assert moved.about == VisitApplication.objects.get(pk=application.pk)
    assert moved.shown_to_recipient
    assert (moved.subject, moved.body) == ("Your visit is confirmed", "See you.")
    assert list(VisitApplication.objects.get(pk=application.pk).messages.all()) == [moved]
    assert DBTaskResult.objects.get(pk=task.pk).task_path == "office.tasks.deliver_message"
