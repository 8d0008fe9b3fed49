"""Agreements in the staff calendar feed: end dates and anniversaries (office/feeds.py)."""

import datetime

import pytest
from django.urls import reverse

from agreements.feeds import calendar_events
from office.groups import VIEWER
from office.models import CalendarToken
from tests.factories import make_agreement, make_partner, make_staff_user

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_feed_lists_endings_and_anniversaries_in_icalendar_form(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
    make_agreement(title_en="Dubai, three years", date=D(2024, 10, 1), expires_on=D(2027, 9, 30))
    make_agreement(
        partners=[make_partner(name_ja="ミラノ")], date=D(1981, 1, 1), date_precision="year"
    )
    token = CalendarToken.objects.create(user=make_staff_user(groups=[VIEWER]))
    response = client.get(reverse("office:calendar_feed", args=[token.token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "DTSTART;VALUE=DATE:20270930" in body
    assert "DTSTART;VALUE=DATE:20260101" in body
    assert "ミラノ" in body
    # An end date or an anniversary leaves the day free for meetings.
    assert body.count("TRANSP:TRANSPARENT") == 2
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_an_ending_links_to_the_agreement_in_the_admin(settings):
    settings.SITE_URL = "https://twinning.city.example"
    agreement = make_agreement(title_en="Dubai", date=D(2024, 10, 1), expires_on=D(2027, 9, 30))
    [ending] = calendar_events(make_staff_user(superuser=True), today=D(2026, 11, 23))
    assert ending.day == D(2027, 9, 30)
    assert ending.uid == f"agreement-{agreement.pk}-ends-20270930"
    assert ending.url == (
        f"https://twinning.city.example/admin/agreements/agreement/{agreement.pk}/change/"
    )


def test_staff_without_the_agreement_permission_get_no_agreement_dates():
    make_agreement(date=D(2024, 10, 1), expires_on=D(2027, 9, 30))
    assert calendar_events(make_staff_user(), today=D(2026, 11, 23)) == []
