import datetime

import pytest
from django.urls import reverse

from agreements.feeds import escape_text, fold
from agreements.models import CalendarToken
from office.groups import VIEWER
from tests.factories import make_agreement, make_partner, make_staff_user

pytestmark = pytest.mark.django_db

D = datetime.date


def feed_url(token):
    return reverse("agreement_calendar", kwargs={"token": token})


def test_the_feed_lists_endings_and_anniversaries_in_icalendar_form(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
    make_agreement(title_en="Dubai, three years", date=D(2024, 10, 1), expires_on=D(2027, 9, 30))
    make_agreement(
        partners=[make_partner(name_ja="ミラノ")], date=D(1981, 1, 1), date_precision="year"
    )
    token = CalendarToken.objects.create(user=make_staff_user(groups=[VIEWER]))
    response = client.get(feed_url(token.token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20270930" in body
    assert "DTSTART;VALUE=DATE:20260101" in body
    assert "ミラノ" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_an_unknown_or_reset_token_is_a_404(client):
    token = CalendarToken.objects.create(user=make_staff_user(groups=[VIEWER]))
    old = token.token
    token.reset()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url("guess")).status_code == 404
    assert client.get(feed_url(token.token)).status_code == 200


def test_a_token_of_someone_without_the_permission_or_no_longer_active_is_a_404(client):
    token = CalendarToken.objects.create(user=make_staff_user())
    assert client.get(feed_url(token.token)).status_code == 404
    viewer = make_staff_user(groups=[VIEWER], is_active=False)
    inactive = CalendarToken.objects.create(user=viewer)
    assert client.get(feed_url(inactive.token)).status_code == 404


def test_text_is_escaped_and_long_lines_folded():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "協定" * 40
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
