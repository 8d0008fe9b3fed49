"""The back office: the list stays fast, moves go through the preview, assigning is easy."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from office.groups import VISIT_COORDINATOR
from office.models import Message
from tests.factories import (
    make_staff_user,
    make_time_slot,
    make_visit_application,
    submit_visit_application,
    visit_application_values,
)
from visits import history
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
LIST = "/admin/visits/visitapplication/"


@pytest.fixture
def coordinator(client):
    user = make_staff_user(username="sato", groups=[VISIT_COORDINATOR], first_name="Hanako")
    client.force_login(user)
    return user


def move_url(application, to):
    return reverse("admin:visits_visitapplication_move", args=[application.pk, to])


@pytest.mark.parametrize("count", [10, 10_000])
def test_the_list_needs_the_same_queries_with_ten_or_ten_thousand(
    client, coordinator, django_assert_num_queries, count
):
    slot = make_time_slot()
    VisitApplication.objects.bulk_create(
        VisitApplication(**visit_application_values(first_choice_slot=slot, handled_by=coordinator))
        for _ in range(count)
    )
    client.get(LIST)  # warm-up: session, content types, the rules
    # 1-2 session and user, 3-4 the user's and the group's permissions, 5 the assignee
    # filter's coordinators, 6 the capped count, 7 whether the rules exist (the sidebar),
    # 8 one page of rows joined with the assignee, 9 the countries for the filter,
    # 10 the home city (the header names the division).
    with django_assert_num_queries(10):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == min(count, 50)


def test_the_list_never_counts_the_whole_table(client, coordinator, django_assert_max_num_queries):
    slot = make_time_slot()
    VisitApplication.objects.bulk_create(
        VisitApplication(**visit_application_values(first_choice_slot=slot)) for _ in range(1_200)
    )
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts)


def test_overdue_replies_carry_a_text_marker_and_can_be_filtered(client, coordinator):
    late = make_visit_application(reply_due_on=timezone.localdate() - datetime.timedelta(days=1))
    on_time = make_visit_application(reply_due_on=timezone.localdate() + datetime.timedelta(days=3))
    page = client.get(LIST, headers={"accept-language": "en"}).content.decode()
    # A word, not only a colour: the marker reads "Overdue:" before the date.
    assert page.count('<strong class="overdue">Overdue:') == 1
    filtered = client.get(LIST, {"reply": "overdue"}).context["cl"].result_list
    assert list(filtered) == [late]
    assert on_time not in filtered


def test_search_finds_by_contact_email(client, coordinator):
    wanted = make_visit_application(contact_email="needle@haystack.example")
    make_visit_application()
    result = client.get(LIST, {"q": "needle@haystack"}).context["cl"].result_list
    assert list(result) == [wanted]


def test_assign_to_me_assigns_the_chosen_applications(client, coordinator):
    first, second, other = (make_visit_application() for _ in range(3))
    client.post(LIST, {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]})
    assert set(VisitApplication.objects.filter(handled_by=coordinator)) == {first, second}
    other.refresh_from_db()
    assert other.handled_by is None


def test_assign_to_offers_only_coordinators(client, coordinator):
    make_staff_user(username="editor-only")
    colleague = make_staff_user(username="tanaka", groups=[VISIT_COORDINATOR])
    application = make_visit_application()
    page = client.post(LIST, {"action": "assign_to", "_selected_action": [application.pk]})
    html = page.content.decode()
    assert "tanaka" in html and "editor-only" not in html
    client.post(
        LIST,
        {
            "action": "assign_to",
            "_selected_action": [application.pk],
            "user": colleague.pk,
            "apply": "1",
        },
    )
    application.refresh_from_db()
    assert application.handled_by == colleague


def test_the_change_page_offers_only_the_allowed_moves(client, coordinator):
    application = make_visit_application(status=Status.ACCEPTED)
    html = client.get(
        reverse("admin:visits_visitapplication_change", args=[application.pk])
    ).content.decode()
    assert move_url(application, "reschedule") in html
    assert move_url(application, "cancelled") in html
    assert move_url(application, "accepted") not in html
    assert move_url(application, "declined") not in html


def test_the_applicants_answers_are_read_only(client, coordinator):
    application = make_visit_application(organisation_name="Original Council")
    url = reverse("admin:visits_visitapplication_change", args=[application.pk])
    client.post(
        url,
        {
            "organisation_name": "Changed",
            "handled_by": "",
            "internal_notes-TOTAL_FORMS": 0,
            "internal_notes-INITIAL_FORMS": 0,
        },
    )
    application.refresh_from_db()
    assert application.organisation_name == "Original Council"


def test_accepting_shows_a_preview_then_sends_the_edited_email(client, coordinator):
    application = make_visit_application(status=Status.IN_REVIEW, reply_language="en")
    decision = {
        "visit_on": "2027-03-03",
        "visit_slot": application.first_choice_slot_id,
        "visit_place": "City hall, room 201",
        "host_department": "Science City Promotion",
    }
    preview = client.post(move_url(application, "accepted"), decision)
    assert preview.status_code == 200
    initial = preview.context["message_form"].initial
    assert "3 March 2027" in initial["body"]
    assert "City hall, room 201" in initial["body"]
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW  # nothing happens before Send
    assert not application.messages.all().exists()

    client.post(
        move_url(application, "accepted"),
        {
            **decision,
            "confirm_anyway": "False",
            "send": "1",
            "subject": "Welcome!",
            "body": "Edited.",
        },
    )
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert application.visit_on == datetime.date(2027, 3, 3)
    [message] = application.messages.all()
    assert (message.subject, message.body, message.shown_to_recipient) == (
        "Welcome!",
        "Edited.",
        True,
    )


def test_an_empty_preview_is_refused_beside_the_field_and_nothing_is_sent(client, coordinator):
    application = make_visit_application(status=Status.IN_REVIEW)
    response = client.post(
        move_url(application, "declined"),
        {"reason": "Busy.", "send": "1", "subject": "", "body": "x"},
    )
    assert response.status_code == 200
    assert response.context["message_form"].errors["subject"]
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_acceptance_warns_of_a_clash_and_waits_for_confirmation(client, coordinator):
    slot = make_time_slot()
    taken = make_visit_application(status=Status.ACCEPTED, first_choice_slot=slot)
    application = make_visit_application(status=Status.IN_REVIEW, first_choice_slot=slot)
    decision = {
        "visit_on": taken.visit_on.isoformat(),
        "visit_slot": slot.pk,
        "visit_place": "City hall",
        "host_department": "International division",
    }
    response = client.post(move_url(application, "accepted"), decision)
    assert taken.reference in " ".join(response.context["warnings"])
    assert response.context["stage"] == "form"
    response = client.post(move_url(application, "accepted"), {**decision, "confirm_anyway": "on"})
    assert response.context["stage"] == "preview"


def test_a_move_that_is_not_allowed_redirects_with_an_error(client, coordinator):
    application = make_visit_application(status=Status.DECLINED)
    response = client.post(move_url(application, "accepted"), {})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.DECLINED


def test_start_review_needs_no_email(client, coordinator):
    application = make_visit_application(status=Status.NEW)
    client.post(move_url(application, "in_review"), {"note": "Looks complete."})
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.status_changes.last().note == "Looks complete."


def test_internal_notes_record_their_writer(client, coordinator):
    application = make_visit_application()
    url = reverse("admin:visits_visitapplication_change", args=[application.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    data = {"handled_by": ""}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{formset.formset.prefix}-{name}"] = management.initial.get(
                name, field.initial or 0
            )
    data["internal_notes-TOTAL_FORMS"] = 1
    data["internal_notes-0-text"] = "Called the embassy; they confirm the group."
    assert form is not None
    client.post(url, data)
    [note] = application.internal_notes.all()
    assert note.written_by == coordinator


def test_failed_messages_can_be_sent_again(client, coordinator, mailoutbox):
    application = make_visit_application()
    message = Message.objects.create(
        about=application,
        kind="x",
        to="a@b.example",
        language="en",
        subject="S",
        body="B",
        delivery=Message.Delivery.FAILED,
    )
    client.post("/admin/office/message/", {"action": "try_again", "_selected_action": [message.pk]})
    message.refresh_from_db()
    assert message.delivery == Message.Delivery.SENT
    assert len(mailoutbox) == 1


def test_choosing_an_assignee_on_the_change_page_goes_into_the_history(client, coordinator):
    application = make_visit_application()
    url = reverse("admin:visits_visitapplication_change", args=[application.pk])
    data = {"handled_by": coordinator.pk}
    for prefix in (
        "internal_notes",
        "status_changes",
        "office-message-about_type-about_id",
        "replies",
        "members",
        "documents",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.handled_by == coordinator
    assert "Hanako" in " ".join(history.lines(application.status_changes.last()))


def test_pages_beyond_the_first_thousand_rows_can_still_be_read(client, coordinator):
    slot = make_time_slot()
    VisitApplication.objects.bulk_create(
        VisitApplication(**visit_application_values(first_choice_slot=slot)) for _ in range(1_100)
    )
    first = client.get(LIST)
    assert first.context["cl"].paginator.is_capped
    assert "More than 1000" in client.get(LIST, headers={"accept-language": "en"}).content.decode()
    last = client.get(LIST, {"p": 22})
    assert last.status_code == 200
    assert len(last.context["cl"].result_list) == 1_100 - 21 * 50


@pytest.mark.parametrize(
    "model",
    [
        "visitapplication",
        "applicantemailtemplate",
        "visitrules",
        "timeslot",
        "blackoutperiod",
        "visittopic",
        "deletionlogentry",
    ],
)
def test_every_visits_admin_page_opens_for_a_coordinator(client, coordinator, model):
    assert client.get(f"/admin/visits/{model}/").status_code == 200


def test_coordinators_read_the_list_of_messages_in_the_office(client, coordinator):
    submit_visit_application()  # its confirmation and the coordinator's notice
    response = client.get("/admin/office/message/")
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2
    message = response.context["cl"].result_list[0]
    page = client.get(f"/admin/office/message/{message.pk}/change/")
    assert page.status_code == 200
    assert message.about.reference in page.content.decode()


def test_staff_edit_the_email_texts_in_both_languages(client, coordinator):
    response = client.get("/admin/visits/applicantemailtemplate/add/")
    html = response.content.decode()
    assert 'name="subject_ja"' in html and 'name="body_en"' in html


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_of_applications_is_a_download_the_browser_never_sniffs(client, file_format):
    make_visit_application()
    client.force_login(make_staff_user(superuser=True))
    response = client.get(reverse("admin:visits_visitapplication_export", args=[file_format]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="visit-applications-')
    assert response["X-Content-Type-Options"] == "nosniff"


def test_staff_who_accept_despite_a_clash_are_recorded_in_the_history(client, coordinator):
    slot = make_time_slot()
    taken = make_visit_application(status=Status.ACCEPTED, first_choice_slot=slot)
    application = make_visit_application(status=Status.IN_REVIEW, first_choice_slot=slot)
    client.post(
        move_url(application, "accepted"),
        {
            "visit_on": taken.visit_on.isoformat(),
            "visit_slot": slot.pk,
            "visit_place": "City hall",
            "host_department": "International division",
            "confirm_anyway": "on",
            "send": "1",
            "subject": "Welcome",
            "body": "See you.",
        },
        headers={"accept-language": "en"},
    )
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert taken.reference in " ".join(application.status_changes.last().changes["overrides"])


def test_a_clash_that_appears_after_the_preview_stops_the_acceptance(client, coordinator):
    slot = make_time_slot()
    application = make_visit_application(status=Status.IN_REVIEW, first_choice_slot=slot)
    # Someone else accepted another delegation for the same time while the preview was open.
    taken = make_visit_application(
        status=Status.ACCEPTED, first_choice_slot=slot, first_choice_on=application.first_choice_on
    )
    response = client.post(
        move_url(application, "accepted"),
        {
            "visit_on": application.first_choice_on.isoformat(),
            "visit_slot": slot.pk,
            "visit_place": "City hall",
            "host_department": "International division",
            "confirm_anyway": "False",
            "send": "1",
            "subject": "Welcome",
            "body": "See you.",
        },
    )
    assert response.status_code == 200
    assert response.context["stage"] == "form"
    assert taken.reference in " ".join(response.context["warnings"])
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert not application.messages.exists()
