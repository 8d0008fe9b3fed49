"""The staff's workflow: only the allowed moves, one message per move, in the right language."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation

from office.groups import VISIT_COORDINATOR
from office.models import Message
from tests.factories import make_staff_user, make_time_slot, make_visit_application
from visits import history, retention, workflow
from visits.models import (
    ApplicantEmailTemplate,
    StatusChange,
    TimeSlot,
    VisitApplication,
    VisitRules,
)

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
ALL = list(Status)


@pytest.fixture
def coordinator():
    return make_staff_user(groups=[VISIT_COORDINATOR])


def move(application, to, user):
    if to == Status.IN_REVIEW:
        return workflow.start_review(application, changed_by=user)
    if to == Status.NEEDS_INFORMATION:
        return workflow.ask_for_information(application, changed_by=user, request="Names, please.")
    if to == Status.ACCEPTED:
        return workflow.accept(
            application,
            decided_by=user,
            visit_on=datetime.date(2027, 3, 3),
            visit_slot=application.first_choice_slot,
            visit_place="City hall",
            host_department="Science City Promotion",
        )
    if to == Status.DECLINED:
        return workflow.decline(application, decided_by=user, reason="Council session.")
    if to == Status.VISITED:
        return workflow.mark_visited(application, changed_by=user)
    if to == Status.CANCELLED:
        return workflow.cancel(application, changed_by=user, reason="The hall is being repaired.")
    raise AssertionError(f"no staff move to {to}")


ALLOWED = [(start, to) for start, targets in workflow.ALLOWED_MOVES.items() for to in targets]
STAFF_TARGETS = [s for s in ALL if s not in (Status.NEW, Status.WITHDRAWN)]
REFUSED = [
    (start, to)
    for start in ALL
    for to in STAFF_TARGETS
    if to not in workflow.ALLOWED_MOVES.get(start, set())
]


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_every_allowed_move_changes_the_status_and_records_who_did_it(coordinator, start, to):
    application = make_visit_application(status=start)
    before = application.status_changes.count()
    move(application, to, coordinator)
    application.refresh_from_db()
    assert application.status == to
    assert application.status_changes.count() == before + 1
    last = application.status_changes.last()
    assert (last.status, last.changed_by) == (to, coordinator)
    assert (application.closed_at is not None) == (
        to in (Status.DECLINED, Status.VISITED, Status.CANCELLED)
    )


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_every_other_move_is_refused_and_changes_nothing(coordinator, start, to):
    application = make_visit_application(status=start)
    changes = StatusChange.objects.count()
    messages = Message.objects.count()
    with pytest.raises(workflow.StatusChangeNotAllowed):
        move(application, to, coordinator)
    application.refresh_from_db()
    assert application.status == start
    assert StatusChange.objects.count() == changes
    assert Message.objects.count() == messages


def test_withdrawn_and_closed_applications_offer_no_move():
    for status in (Status.WITHDRAWN, Status.DECLINED, Status.VISITED, Status.CANCELLED):
        assert workflow.allowed_moves(make_visit_application(status=status)) == []


@pytest.mark.parametrize(
    ("to", "kind"),
    [
        (Status.NEEDS_INFORMATION, "needs_information"),
        (Status.ACCEPTED, "accepted"),
        (Status.DECLINED, "declined"),
    ],
)
def test_moves_that_concern_the_applicant_queue_exactly_one_message(
    coordinator, mailoutbox, to, kind
):
    application = make_visit_application(status=Status.IN_REVIEW)
    move(application, to, coordinator)
    [message] = application.messages.all()
    assert message.kind == kind
    assert message.shown_to_recipient
    assert message.to == application.contact_email
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("to", [Status.IN_REVIEW, Status.VISITED])
def test_internal_moves_send_nothing(coordinator, to):
    start = Status.NEW if to == Status.IN_REVIEW else Status.ACCEPTED
    application = make_visit_application(status=start)
    before = Message.objects.count()
    move(application, to, coordinator)
    assert Message.objects.count() == before


def test_acceptance_email_is_written_in_the_applicants_reply_language(coordinator, mailoutbox):
    application = make_visit_application(
        status=Status.IN_REVIEW, language="en", reply_language="ja", contact_name="Kim Minji"
    )
    move(application, Status.ACCEPTED, coordinator)
    [message] = application.messages.all()
    assert message.language == "ja"
    assert "受入" in message.subject or "お受け" in message.subject
    assert application.reference in message.subject
    assert "2027年3月3日" in message.body
    assert "Kim Minji" in message.body
    assert "{" not in message.body


def test_english_decline_email_carries_the_reason(coordinator):
    application = make_visit_application(status=Status.IN_REVIEW, reply_language="en")
    workflow.decline(application, decided_by=coordinator, reason="The mayor is abroad that week.")
    [message] = application.messages.all()
    assert message.language == "en"
    assert "The mayor is abroad that week." in message.body


def test_staff_edited_text_is_sent_instead_of_the_template(coordinator, mailoutbox):
    application = make_visit_application(status=Status.IN_REVIEW, reply_language="en")
    workflow.accept(
        application,
        decided_by=coordinator,
        visit_on=datetime.date(2027, 3, 3),
        visit_slot=application.first_choice_slot,
        visit_place="City hall",
        host_department="Science City Promotion",
        subject="See you on 3 March",
        body="Edited by hand for this delegation.",
    )
    [message] = application.messages.all()
    assert (message.subject, message.body) == (
        "See you on 3 March",
        "Edited by hand for this delegation.",
    )
    [mail] = mailoutbox
    assert mail.subject == "See you on 3 March"


def test_the_template_staff_saved_in_the_admin_is_used_in_each_language(coordinator):
    ApplicantEmailTemplate.objects.create(
        kind="declined",
        subject_ja="{{ reference }} 件",
        subject_en="{{ reference }}: our answer",
        body_ja="{{ organisation }} 様",
        body_en="Dear {{ organisation }}, {{ reason }}{{ unknown }} {{ status_url }}",
    )
    application = make_visit_application(
        status=Status.IN_REVIEW, reply_language="en", organisation_name="Busan & Co"
    )
    workflow.decline(application, decided_by=coordinator, reason="Sorry.")
    [message] = application.messages.all()
    assert message.subject == f"{application.reference}: our answer"
    with translation.override("en"):
        # With the proof that the link came by mail (tests/test_hostile_mail_abuse.py).
        status_url = (
            f"http://testserver{application.get_status_url()}?address={application.address_proof()}"
        )
    # Plain text: "&" stays "&"; an unknown placeholder is left out, as in any template.
    assert message.body == f"Dear Busan & Co, Sorry. {status_url}"


def test_a_failed_move_leaves_the_application_as_it_was(coordinator):
    application = make_visit_application(status=Status.WITHDRAWN)
    with pytest.raises(workflow.StatusChangeNotAllowed):
        workflow.decline(application, decided_by=coordinator, reason="No.")
    application.refresh_from_db()
    assert application.decline_reason == ""
    assert application.decided_on is None


def test_assigning_writes_the_history(coordinator):
    application = make_visit_application(status=Status.NEW)
    boss = make_staff_user()
    workflow.assign(application, handled_by=coordinator, changed_by=boss)
    application.refresh_from_db()
    assert application.handled_by == coordinator
    change = application.status_changes.last()
    assert change.changed_by == boss
    assert coordinator.username in " ".join(history.lines(change))


def test_assigning_to_the_same_person_again_writes_nothing(coordinator):
    application = make_visit_application(status=Status.NEW)
    workflow.assign(application, handled_by=coordinator, changed_by=coordinator)
    before = application.status_changes.count()
    workflow.assign(application, handled_by=coordinator, changed_by=coordinator)
    assert application.status_changes.count() == before


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        # Golden Week 2026: 29 April and 3-6 May (6 May replaces Sunday the 3rd) are off.
        (datetime.date(2026, 4, 24), datetime.date(2026, 5, 14)),
        # Year-end closure 29 December to 3 January, and Coming of Age Day (11 January).
        (datetime.date(2026, 12, 25), datetime.date(2027, 1, 15)),
        # An ordinary fortnight.
        (datetime.date(2026, 6, 1), datetime.date(2026, 6, 15)),
    ],
)
def test_reply_is_due_after_ten_japanese_working_days(received_on, due_on):
    VisitRules.objects.update_or_create(pk=1, defaults={"reply_within_working_days": 10})
    assert workflow.reply_due_on(received_on=received_on) == due_on


def test_a_time_slot_of_the_factory_is_reused():
    make_time_slot()
    first = make_visit_application()
    second = make_visit_application()
    assert first.first_choice_slot == second.first_choice_slot


def test_the_coordinator_group_exists():
    assert Group.objects.filter(name=VISIT_COORDINATOR).exists()


def test_the_demo_has_an_application_in_every_status_and_one_to_purge():
    call_command("load_demo", stdout=io.StringIO())
    statuses = set(VisitApplication.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert [r.reference for r in retention.purge(dry_run=True)] == ["VA-DEMO-08"]
    assert ApplicantEmailTemplate.objects.count() == len(ApplicantEmailTemplate.Kind)
    accepted = VisitApplication.objects.get(status=Status.ACCEPTED)
    assert accepted.visit_on.month == accepted.decided_on.month


def test_loading_the_demo_twice_adds_no_application_message_or_history():
    call_command("load_demo", stdout=io.StringIO())
    counts = (
        VisitApplication.objects.count(),
        Message.objects.count(),
        StatusChange.objects.count(),
        ApplicantEmailTemplate.history.count(),
        TimeSlot.history.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (
        VisitApplication.objects.count(),
        Message.objects.count(),
        StatusChange.objects.count(),
        ApplicantEmailTemplate.history.count(),
        TimeSlot.history.count(),
    )


def test_reviewing_the_applicants_answer_sets_a_new_reply_due_date(coordinator):
    long_ago = datetime.date(2020, 1, 6)
    application = make_visit_application(status=Status.NEEDS_INFORMATION, reply_due_on=long_ago)
    workflow.start_review(application, changed_by=coordinator)
    application.refresh_from_db()
    assert application.reply_due_on > datetime.date.today()


@pytest.mark.parametrize("to", [Status.NEEDS_INFORMATION, Status.ACCEPTED, Status.DECLINED])
def test_staff_mails_carry_the_full_status_address_from_site_url(coordinator, settings, to):
    settings.SITE_URL = "https://twinning.city.example"
    application = make_visit_application(status=Status.IN_REVIEW, reply_language="en")
    move(application, to, coordinator)
    [message] = application.messages.all()
    with translation.override("en"):
        status_url = "https://twinning.city.example" + application.get_status_url()
    assert status_url in message.body


def a_clash():
    """An accepted visit, and an application in review that asks for the same time."""
    taken = make_visit_application(status=Status.ACCEPTED)
    application = make_visit_application(
        status=Status.IN_REVIEW, first_choice_slot=taken.visit_slot
    )
    return taken, application


def accept_at_the_same_time(taken, application, coordinator, **options):
    return workflow.accept(
        application,
        decided_by=coordinator,
        visit_on=taken.visit_on,
        visit_slot=taken.visit_slot,
        visit_place="City hall",
        host_department="Science City Promotion",
        **options,
    )


def test_accepting_a_visit_at_a_taken_time_is_refused_with_the_calendars_warnings(coordinator):
    taken, application = a_clash()
    messages_before = Message.objects.count()
    with pytest.raises(workflow.CalendarConflict) as refused:
        accept_at_the_same_time(taken, application, coordinator)
    assert taken.reference in " ".join(refused.value.warnings)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.visit_on is None
    assert Message.objects.count() == messages_before


def test_a_visit_accepted_despite_the_warnings_says_so_in_its_history(coordinator):
    taken, application = a_clash()
    accept_at_the_same_time(
        taken, application, coordinator, note="The mayor asked for it.", despite_warnings=True
    )
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    row = application.status_changes.last()
    assert row.note == "The mayor asked for it."
    # The warnings staff overrode are kept as they read them.
    assert taken.reference in " ".join(row.changes["overrides"])


def test_a_visit_without_warnings_is_accepted_without_a_remark(coordinator):
    application = make_visit_application(status=Status.IN_REVIEW)
    move(application, Status.ACCEPTED, coordinator)
    assert application.status_changes.last().note == ""
