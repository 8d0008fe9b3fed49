"""A coordinator's day: signed mail with a reply address, calendar warnings, replies
noticed, visits moved or cancelled, and one history that reads in the staff's language."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from office.groups import VISIT_COORDINATOR
from office.models import CalendarToken, Message
from tests.factories import make_staff_user, make_time_slot, make_visit_application
from tests.visits.test_files import PDF_BYTES
from visits import calendar, workflow
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
WEDNESDAY = datetime.date(2027, 2, 3)
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def coordinator(client):
    user = make_staff_user(username="sato", groups=[VISIT_COORDINATOR], first_name="Hanako")
    client.force_login(user)
    return user


def accept(application, user, *, day=WEDNESDAY, **kwargs):
    return workflow.accept(
        application,
        decided_by=user,
        visit_on=day,
        visit_slot=application.first_choice_slot,
        visit_place="City hall, room 201",
        host_department="Science City Promotion",
        today=TODAY,
        **kwargs,
    )


def move_url(application, to):
    return reverse("admin:visits_visitapplication_move", args=[application.pk, to])


def status_url(application):
    with translation.override(application.reply_language):
        return "http://testserver" + application.get_status_url()


# --- 1. Mail ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["needs_information", "accepted", "declined", "rescheduled", "cancelled"]
)
def test_every_mail_a_coordinator_sends_is_signed_and_answered_to_the_division(
    home_city, coordinator, mailoutbox, settings, kind
):
    settings.DEFAULT_FROM_EMAIL = "twinning@city.example"
    application = make_visit_application(status=Status.IN_REVIEW, first_choice_on=WEDNESDAY)
    if kind == "needs_information":
        workflow.ask_for_information(application, changed_by=coordinator, request="Names.")
    elif kind == "declined":
        workflow.decline(application, decided_by=coordinator, reason="Council session.")
    else:
        accept(application, coordinator)
        if kind == "rescheduled":
            workflow.reschedule(
                application,
                changed_by=coordinator,
                visit_on=datetime.date(2027, 2, 4),
                visit_slot=application.first_choice_slot,
                visit_place="Science hall",
                host_department="Science City Promotion",
                today=TODAY,
            )
        elif kind == "cancelled":
            workflow.cancel(application, changed_by=coordinator, reason="The hall is closed.")
    message = mailoutbox[-1]
    assert Message.objects.filter(kind=kind).count() == 1
    assert message.from_email == "twinning@city.example"
    assert message.reply_to == ["international@city.example"]
    assert status_url(application) in message.body
    # The division's real name and address, in the applicant's language (English here).
    assert "Tsukuba City Global City Promotion Division" in message.body
    assert "1-1-1 Kenkyu-Gakuen, Tsukuba" in message.body
    assert "The international division" not in message.body


def test_a_japanese_applicant_reads_the_japanese_signature(home_city, coordinator, mailoutbox):
    application = make_visit_application(status=Status.IN_REVIEW, reply_language="ja")
    workflow.ask_for_information(application, changed_by=coordinator, request="名簿")
    [message] = mailoutbox
    assert "つくば市 国際都市推進課" in message.body
    assert "国際交流担当" not in message.body


def test_the_preview_shows_sender_reply_address_and_the_text_that_is_sent(
    client, home_city, coordinator, mailoutbox, settings
):
    settings.DEFAULT_FROM_EMAIL = "twinning@city.example"
    application = make_visit_application(status=Status.IN_REVIEW, first_choice_on=WEDNESDAY)
    decision = {
        "visit_on": "2027-02-03",
        "visit_slot": application.first_choice_slot_id,
        "visit_place": "City hall",
        "host_department": "Science City Promotion",
    }
    response = client.post(
        move_url(application, "accepted"), decision, headers={"accept-language": "en"}
    )
    assert response.context["stage"] == "preview"
    html = response.content.decode()
    assert "twinning@city.example" in html and "international@city.example" in html
    # The summary shows the date and the time slot, not an ISO date and an id.
    summary = {str(label): str(value) for label, value in response.context["summary"]}
    assert summary["visit date"] == "Feb. 3, 2027"
    assert summary["visit time"] == str(application.first_choice_slot)
    draft = response.context["message_form"].initial
    client.post(move_url(application, "accepted"), {**decision, **draft, "send": "1"})
    [message] = mailoutbox
    assert (message.subject, message.body) == (draft["subject"], draft["body"])


def test_going_back_from_the_preview_keeps_what_was_typed(client, coordinator):
    application = make_visit_application(status=Status.IN_REVIEW)
    response = client.post(
        move_url(application, "declined"), {"reason": "The council meets that week.", "back": "1"}
    )
    assert response.context["stage"] == "form"
    assert "The council meets that week." in response.content.decode()


# --- 2. Calendar warnings -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2027, 1, 16), "Saturday"),
        (datetime.date(2027, 1, 11), "Coming of Age Day"),
        (datetime.date(2027, 12, 29), "year-end"),
        (datetime.date(2026, 11, 2), "in the past"),
    ],
)
def test_accepting_on_a_day_the_rules_exclude_is_warned_about(day, expected):
    slot = make_time_slot()
    with translation.override("en"):
        warnings = calendar.acceptance_warnings(visit_on=day, visit_slot=slot, today=TODAY)
    assert expected in " ".join(warnings)


def test_a_holiday_is_named_in_japanese_for_japanese_staff():
    slot = make_time_slot()
    with translation.override("ja"):
        warnings = calendar.acceptance_warnings(
            visit_on=datetime.date(2027, 1, 11), visit_slot=slot, today=TODAY
        )
    assert "成人の日" in " ".join(warnings)


def test_an_ordinary_weekday_gives_no_warning():
    slot = make_time_slot()
    assert calendar.acceptance_warnings(visit_on=WEDNESDAY, visit_slot=slot, today=TODAY) == []


def test_accepting_on_a_holiday_needs_an_explicit_override_which_the_history_keeps(coordinator):
    application = make_visit_application(status=Status.IN_REVIEW)
    holiday = datetime.date(2027, 1, 11)
    with pytest.raises(workflow.CalendarConflict):
        accept(application, coordinator, day=holiday)
    accept(application, coordinator, day=holiday, despite_warnings=True)
    row = application.status_changes.last()
    assert row.changes["visit_on"] == "2027-01-11"
    assert row.changes["overrides"]


def test_the_calendar_marks_holidays_slots_of_proposals_and_two_visits_at_once(client, coordinator):
    slot = make_time_slot(name_en="Morning")
    for _ in range(2):
        make_visit_application(
            status=Status.ACCEPTED, first_choice_on=WEDNESDAY, first_choice_slot=slot
        )
    make_visit_application(
        status=Status.NEW, first_choice_on=datetime.date(2027, 2, 4), first_choice_slot=slot
    )
    response = client.get(
        reverse("visits_staff:calendar"),
        {"date": "2027-02-03", "view": "month"},
        headers={"accept-language": "ja"},
    )
    html = response.content.decode()
    assert "建国記念の日" in html  # 11 February
    assert html.count("double-booked") == 2
    assert "10:00" in html.split('class="proposed"')[1]


# --- 3. Reply received --------------------------------------------------------------


def add_document_on_the_status_page(client, application):
    with translation.override("en"):
        url = reverse("visits:add_document", kwargs={"token": application.status_token})
    return client.post(url, {"file": SimpleUploadedFile("names.pdf", PDF_BYTES)})


def test_a_delegations_reply_is_flagged_recorded_and_told_to_its_coordinator(
    client, coordinator, mailoutbox
):
    application = make_visit_application(status=Status.NEEDS_INFORMATION)
    workflow.assign(application, handled_by=coordinator, changed_by=coordinator)
    mailoutbox.clear()
    response = add_document_on_the_status_page(client, application)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.reply_received_at is not None
    row = application.status_changes.last()
    assert row.changed_by is None and row.changes["reply_received"] == "names.pdf"
    [notice] = mailoutbox
    assert notice.to == [coordinator.email]
    assert application.reference in notice.subject
    assert VisitApplication.objects.reply_received().get() == application
    # The list shows it, the filter finds it.
    listing = client.get(reverse("admin:visits_visitapplication_changelist"), {"reply": "received"})
    assert application.reference in listing.content.decode()
    # The coordinator answers by going on: the flag goes.
    workflow.start_review(application, changed_by=coordinator)
    application.refresh_from_db()
    assert application.reply_received_at is None


def test_a_reply_without_a_coordinator_goes_to_the_notification_address(
    client, applications_open, mailoutbox
):
    application = make_visit_application(status=Status.NEEDS_INFORMATION)
    mailoutbox.clear()
    add_document_on_the_status_page(client, application)
    [notice] = mailoutbox
    assert notice.to == [applications_open.notification_email]


def test_a_coordinator_can_mark_a_reply_read(client, coordinator):
    application = make_visit_application(status=Status.ACCEPTED)
    workflow.reply_received(application)
    client.post(reverse("admin:visits_visitapplication_reply_read", args=[application.pk]))
    application.refresh_from_db()
    assert application.reply_received_at is None


# --- 4. Reschedule and cancel -------------------------------------------------------


def test_moving_a_visit_writes_the_old_and_new_date_and_mails_the_applicant(
    coordinator, mailoutbox
):
    application = make_visit_application(status=Status.IN_REVIEW, reply_language="ja")
    accept(application, coordinator)
    workflow.reschedule(
        application,
        changed_by=coordinator,
        visit_on=datetime.date(2027, 2, 5),
        visit_slot=application.first_choice_slot,
        visit_place="City hall",
        host_department="Science City Promotion",
        today=TODAY,
    )
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert application.visit_on == datetime.date(2027, 2, 5)
    row = application.status_changes.last()
    assert row.changes["previous"]["visit_on"] == "2027-02-03"
    assert "日時を、次のとおり変更" in mailoutbox[-1].body
    with translation.override("ja"):
        from visits import history

        assert any("2027年2月3日" in line for line in history.lines(row))


def test_moving_a_visit_through_the_admin_starts_from_its_current_date(client, coordinator):
    application = make_visit_application(status=Status.ACCEPTED)
    response = client.get(move_url(application, "reschedule"))
    assert response.context["form"].initial["visit_place"] == application.visit_place


def test_a_cancelled_visit_leaves_the_calendar_and_the_feed(client, coordinator, mailoutbox):
    application = make_visit_application(status=Status.IN_REVIEW)
    accept(application, coordinator)
    workflow.cancel(application, changed_by=coordinator, reason="The hall is closed.")
    application.refresh_from_db()
    assert application.status == Status.CANCELLED and application.closed_at
    assert "The hall is closed." in mailoutbox[-1].body
    token = CalendarToken.objects.current(user=coordinator).token
    feed = client.get(reverse("office:calendar_feed", args=[token])).content.decode()
    assert application.reference not in feed
    weeks = calendar.month(2027, 2)
    assert not any(day.accepted for week in weeks for day in week)


# --- 5. One history -----------------------------------------------------------------


def test_the_history_button_shows_the_workflow_history_in_japanese(client, coordinator):
    application = make_visit_application(status=Status.NEW)
    application.status_changes.create(status=Status.NEW, note="submitted online")
    accept(application, coordinator, day=datetime.date(2027, 1, 11), despite_warnings=True)
    response = client.get(
        reverse("admin:visits_visitapplication_history", args=[application.pk]),
        headers={"accept-language": "ja"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "submitted online" not in html
    assert "オンラインで申請" in html
    assert "2027年1月11日" in html
    assert "成人の日" in html  # the override, as staff read it
    assert "City hall, room 201" in html


# --- 7. What needs me today ---------------------------------------------------------


def test_the_dashboard_says_what_needs_this_coordinator_with_links_that_open_it(
    client, coordinator
):
    colleague = make_staff_user(groups=[VISIT_COORDINATOR])
    mine = make_visit_application(status=Status.IN_REVIEW)
    workflow.assign(mine, handled_by=coordinator, changed_by=coordinator)
    theirs = make_visit_application(status=Status.IN_REVIEW)
    workflow.assign(theirs, handled_by=colleague, changed_by=colleague)
    waiting = make_visit_application(status=Status.NEEDS_INFORMATION)
    replied = make_visit_application(status=Status.NEEDS_INFORMATION)
    workflow.reply_received(replied)
    html = client.get(reverse("admin:index"), headers={"accept-language": "ja"}).content.decode()
    expected = {"mine": mine, "replies": replied, "waiting": waiting}
    for key, application in expected.items():
        [link] = re.findall(rf'class="needs-me-{key}"><a href="([^"]+)"><strong>1</strong>', html)
        listing = client.get(link.replace("&amp;", "&")).context["cl"].result_list
        assert list(listing) == [application]
    assert "担当している申請" in html


def test_assign_to_me_is_one_click_on_the_application(client, coordinator):
    application = make_visit_application(status=Status.NEW)
    page = client.get(reverse("admin:visits_visitapplication_change", args=[application.pk]))
    assert 'id="assign-to-me"' in page.content.decode()
    client.post(reverse("admin:visits_visitapplication_assign_to_me", args=[application.pk]))
    application.refresh_from_db()
    assert application.handled_by == coordinator


def test_accept_opens_with_the_first_choice_and_offers_the_others(client, coordinator):
    slot = make_time_slot(
        name_en="Afternoon", starts_at=datetime.time(14), ends_at=datetime.time(16)
    )
    application = make_visit_application(
        status=Status.NEW,
        first_choice_on=WEDNESDAY,
        second_choice_on=datetime.date(2027, 2, 10),
        second_choice_slot=slot,
    )
    response = client.get(move_url(application, "accepted"))
    assert response.context["form"].initial["visit_on"] == WEDNESDAY
    assert "?choice=second" in response.content.decode()
    response = client.get(move_url(application, "accepted"), {"choice": "second"})
    assert response.context["form"].initial == {
        "visit_on": datetime.date(2027, 2, 10),
        "visit_slot": slot.pk,
    }


def test_a_new_application_is_accepted_in_three_clicks_from_its_page(
    client, coordinator, mailoutbox
):
    """1. "Accept" on the application, 2. "Preview the email", 3. "Send"."""
    application = make_visit_application(status=Status.NEW, first_choice_on=WEDNESDAY)
    form = client.get(move_url(application, "accepted")).context["form"]
    data = {
        "visit_on": form.initial["visit_on"].isoformat(),
        "visit_slot": form.initial["visit_slot"],
        "visit_place": "City hall",
        "host_department": "Science City Promotion",
    }
    preview = client.post(move_url(application, "accepted"), data)
    draft = preview.context["message_form"].initial
    client.post(move_url(application, "accepted"), {**data, **draft, "send": "1"})
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert len(mailoutbox) == 1


def test_searching_the_number_finds_the_reference(client, coordinator):
    application = make_visit_application(reference="VA-2026-0004")
    make_visit_application(reference="VA-2026-0040")
    listing = client.get(reverse("admin:visits_visitapplication_changelist"), {"q": "0004"})
    assert list(listing.context["cl"].result_list) == [application]


# --- 6. Exports Excel can use -------------------------------------------------------


def export(client, file_format, **params):
    response = client.get(
        reverse("admin:visits_visitapplication_export", args=[file_format]),
        params,
        headers={"accept-language": "ja"},
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_excel_export_has_japanese_headers_labels_and_typed_cells(client, home_city):
    import io

    import openpyxl

    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    client.force_login(coordinator)
    morning = make_time_slot(name_en="Morning")
    afternoon = make_time_slot(
        name_en="Afternoon", starts_at=datetime.time(14), ends_at=datetime.time(16)
    )
    make_visit_application(
        status=Status.ACCEPTED,
        country="DE",
        organisation_kind="local_government",
        interpreter="bringing",
        contact_phone="+49 30 1234",
        first_choice_on=WEDNESDAY,
        first_choice_slot=morning,
        second_choice_on=datetime.date(2027, 2, 10),
        second_choice_slot=afternoon,
        headcount=7,
    )
    workbook = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx")))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert header[0] == "受付番号"
    assert "reference" not in header and "organisation_kind" not in header
    assert "受入決定" in row.values()  # the status as a label
    assert row["国"] == "ドイツ"
    assert "accepted" not in row.values() and "local_government" not in row.values()
    assert row["訪問人数"] == 7
    assert row["第1希望日"] == datetime.datetime(2027, 2, 3)
    assert row["第2希望日"] == datetime.datetime(2027, 2, 10)
    assert "14:00-16:00" in row.values()
    assert row["連絡先電話番号"] == "+49 30 1234"
    assert isinstance(row["申請日時"], datetime.datetime)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["D"].width >= 20


def test_the_csv_export_has_the_same_columns(client):
    import csv
    import io

    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    client.force_login(coordinator)
    make_visit_application(country="DE", first_choice_on=WEDNESDAY)
    text = export(client, "csv").decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    values = dict(zip(header, row, strict=True))
    assert values["国"] == "ドイツ"
    assert values["第1希望日"] == "2027-02-03"


def test_the_admin_header_names_the_divisions_own_name(client, home_city, coordinator):
    page = client.get(reverse("admin:index"), headers={"accept-language": "ja"})
    assert "Twinning 国際都市推進課 職員サイト" in page.content.decode()


def test_the_feed_gives_the_headcount_with_its_unit(client, coordinator):
    make_visit_application(status=Status.ACCEPTED, headcount=6)
    token = CalendarToken.objects.current(user=coordinator).token
    feed = client.get(
        reverse("office:calendar_feed", args=[token]), headers={"accept-language": "ja"}
    ).content.decode()
    assert "(6名)" in feed


def test_a_reply_on_an_application_withdrawn_since_needs_nobody():
    from visits import services

    application = make_visit_application(status=Status.NEEDS_INFORMATION)
    workflow.reply_received(application)
    services.withdraw(application)
    assert not VisitApplication.objects.reply_received().exists()
