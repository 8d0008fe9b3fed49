"""The ICS feed of accepted visits, behind a per-user secret address."""

import datetime

import pytest
from django.urls import reverse

from office.groups import EDITOR, VISIT_COORDINATOR
from tests.factories import make_staff_user, make_visit_application
from visits import feeds
from visits.models import CalendarToken, VisitApplication

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status


def test_text_is_escaped_as_rfc_5545_asks():
    assert feeds.escape_text("Room 1; Hall, A\\B\nsecond") == "Room 1\\; Hall\\, A\\\\B\\nsecond"


def test_long_lines_are_folded_without_breaking_characters():
    line = "SUMMARY:" + "国際交流" * 30
    folded = feeds.fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(parts) == line


def test_feed_lists_accepted_visits_with_crlf_line_ends():
    visit = make_visit_application(
        status=Status.ACCEPTED,
        organisation_name="Council of Example, Upper Town",
        first_choice_on=datetime.date(2027, 2, 3),
    )
    make_visit_application(status=Status.IN_REVIEW)
    text = feeds.calendar_feed(feeds.accepted_visits(since=datetime.date(2027, 1, 1)))
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.count("BEGIN:VEVENT") == 1
    assert f"UID:{visit.reference}@twinning" in text
    assert "DTSTART:20270203T010000Z" in text  # 10:00 in Tokyo
    assert "Council of Example\\, Upper Town" in text


def test_the_feed_opens_with_the_users_token_only(client):
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    make_visit_application(status=Status.ACCEPTED)
    token = CalendarToken.objects.create(user=coordinator)
    response = client.get(reverse("visits_staff:feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("visits_staff:feed", args=["guess"])).status_code == 404


def test_a_token_of_someone_without_the_permission_opens_nothing(client):
    token = CalendarToken.objects.create(user=make_staff_user(groups=[EDITOR]))
    assert client.get(reverse("visits_staff:feed", args=[token.token])).status_code == 404


def test_staff_can_reset_their_feed_address(client):
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    client.force_login(coordinator)
    client.get(reverse("visits_staff:calendar"))
    old = CalendarToken.objects.get(user=coordinator).token
    client.post(reverse("visits_staff:reset_feed"))
    new = CalendarToken.objects.get(user=coordinator).token
    assert new != old
    assert client.get(reverse("visits_staff:feed", args=[old])).status_code == 404
    assert client.get(reverse("visits_staff:feed", args=[new])).status_code == 200
