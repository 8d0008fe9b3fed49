"""Accepted visits in the staff calendar feed, for visit coordinators (office/feeds.py)."""

import datetime

import pytest
from django.urls import reverse

from office.groups import EDITOR, VISIT_COORDINATOR
from office.models import CalendarToken
from tests.factories import make_staff_user, make_visit_application
from visits.feeds import calendar_events
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
TODAY = datetime.date(2027, 1, 1)


def test_the_feed_lists_accepted_visits_with_crlf_line_ends(client):
    visit = make_visit_application(
        status=Status.ACCEPTED,
        organisation_name="Council of Example, Upper Town",
        first_choice_on=datetime.date(2027, 2, 3),
    )
    make_visit_application(status=Status.IN_REVIEW)
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    token = CalendarToken.objects.current(user=coordinator).token
    text = client.get(reverse("office:calendar_feed", args=[token])).content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.count("BEGIN:VEVENT") == 1
    assert f"UID:{visit.reference}@testserver" in text  # the host of SITE_URL
    assert "DTSTART:20270203T010000Z" in text  # 10:00 in Tokyo
    assert "Council of Example\\, Upper Town" in text
    assert "LOCATION:City hall\\, room 201" in text
    assert "DESCRIPTION:International division" in text


def test_a_visit_without_a_time_slot_takes_the_whole_day():
    visit = make_visit_application(status=Status.ACCEPTED, first_choice_on=TODAY)
    visit.visit_slot = None
    visit.save()
    [event] = calendar_events(make_staff_user(groups=[VISIT_COORDINATOR]), today=TODAY)
    assert event.day == TODAY
    assert event.start is None


def test_visits_of_more_than_three_months_ago_leave_the_calendar():
    make_visit_application(status=Status.VISITED, first_choice_on=datetime.date(2026, 10, 2))
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    assert calendar_events(coordinator, today=TODAY) == []


def test_staff_without_the_permission_to_see_applications_get_no_visits():
    make_visit_application(status=Status.ACCEPTED)
    assert calendar_events(make_staff_user(groups=[EDITOR]), today=TODAY) == []
