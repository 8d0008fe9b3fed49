"""The one staff calendar feed: one secret address, the dates of every app the user may see."""

import datetime

import pytest
from django.urls import reverse

from office.feeds import events_for, feed_address
from office.groups import EDITOR, VIEWER, VISIT_COORDINATOR
from office.ical import Event
from office.models import CalendarToken
from tests.factories import make_agreement, make_staff_user, make_visit_application
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def today(time_machine, settings):
    settings.SITE_URL = "https://twinning.city.example"
    time_machine.move_to(TODAY)


def feed_url(token):
    return reverse("office:calendar_feed", args=[token])


def token_of(user):
    return CalendarToken.objects.current(user=user).token


def a_visit():
    return make_visit_application(
        status=VisitApplication.Status.ACCEPTED,
        organisation_name="Council of Example",
        first_choice_on=D(2027, 2, 3),
    )


def test_one_address_gives_agreement_and_visit_dates_to_staff_allowed_both(client):
    agreement = make_agreement(
        title_en="Dubai, three years", date=D(2024, 10, 1), expires_on=D(2027, 9, 30)
    )
    visit = a_visit()
    user = make_staff_user(groups=[VIEWER, VISIT_COORDINATOR])
    body = client.get(feed_url(token_of(user)), headers={"accept-language": "en"}).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VCALENDAR") == 1
    assert "SUMMARY:Agreement ends: Dubai\\, three years" in body
    assert f"SUMMARY:{visit.reference} Council of Example" in body
    # Links come from SITE_URL, never from the Host the calendar application sent.
    assert (
        f"URL:https://twinning.city.example/admin/agreements/agreement/{agreement.pk}/change/"
        in body
    )
    assert f"UID:{visit.reference}@twinning.city.example" in body


def test_an_editor_without_the_visit_permission_gets_agreement_dates_only(client):
    make_agreement(title_en="Dubai", date=D(2024, 10, 1), expires_on=D(2027, 9, 30))
    visit = a_visit()
    editor = make_staff_user(groups=[EDITOR])
    body = client.get(
        feed_url(token_of(editor)), headers={"accept-language": "en"}
    ).content.decode()
    assert "Agreement ends: Dubai" in body
    assert visit.reference not in body


def test_a_visit_coordinator_without_the_agreement_permission_gets_visit_dates_only(client):
    make_agreement(title_en="Dubai", date=D(2024, 10, 1), expires_on=D(2027, 9, 30))
    visit = a_visit()
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    body = client.get(feed_url(token_of(coordinator))).content.decode()
    assert visit.reference in body
    assert body.count("BEGIN:VEVENT") == 1


def test_each_app_gives_its_dates_through_the_calendar_events_setting(settings):
    settings.CALENDAR_EVENTS = ["tests.office.test_feeds.council_sessions"]
    user = make_staff_user()
    assert events_for(user, today=D(2026, 11, 23)) == council_sessions(user, today=D(2026, 11, 23))


def council_sessions(user, *, today):
    return [Event(uid=f"council-{user.pk}", summary="Council session", day=today)]


def test_an_unknown_or_reset_address_is_a_404(client):
    user = make_staff_user(groups=[VIEWER])
    old = token_of(user)
    CalendarToken.objects.reset(user=user)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url("guess")).status_code == 404
    assert client.get(feed_url(token_of(user))).status_code == 200


def test_the_address_of_someone_no_longer_active_or_no_longer_staff_is_a_404(client):
    inactive = make_staff_user(groups=[VIEWER], is_active=False)
    former = make_staff_user(groups=[VIEWER])
    token = token_of(former)
    former.is_staff = False
    former.save()
    assert client.get(feed_url(token_of(inactive))).status_code == 404
    assert client.get(feed_url(token)).status_code == 404


def test_a_reset_revokes_every_earlier_address_of_that_staff_member(client):
    # As after the migration, for someone who had both an agreement and a visit feed.
    user = make_staff_user(groups=[VIEWER, VISIT_COORDINATOR])
    first = CalendarToken.objects.create(user=user).token
    second = CalendarToken.objects.create(user=user).token
    assert client.get(feed_url(first)).status_code == 200
    assert client.get(feed_url(second)).status_code == 200
    new = CalendarToken.objects.reset(user=user).token
    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_tokens_are_256_bits_and_the_page_shows_the_newest():
    user = make_staff_user()
    CalendarToken.objects.create(user=user)
    newest = CalendarToken.objects.create(user=user)
    assert len(newest.token) == 43  # 32 bytes in URL-safe base64
    assert CalendarToken.objects.current(user=user) == newest


def test_the_address_is_absolute_from_the_site_url():
    user = make_staff_user()
    assert feed_address(user) == f"https://twinning.city.example/calendar/{token_of(user)}.ics"


def test_the_feed_is_private_and_never_kept(client):
    response = client.get(feed_url(token_of(make_staff_user(groups=[VIEWER]))))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="twinning.ics"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_post_to_the_feed_is_refused(client):
    assert client.post(feed_url(token_of(make_staff_user(groups=[VIEWER])))).status_code == 405


def test_the_addresses_of_the_old_agreement_and_visit_feeds_still_answer(client):
    a_visit()
    user = make_staff_user(groups=[VIEWER, VISIT_COORDINATOR])
    token = token_of(user)
    new = client.get(feed_url(token)).content.decode()
    for old in (
        f"/calendar/agreements/{token}.ics",
        f"/admin/visits-office/calendar/feed/{token}.ics",
    ):
        response = client.get(old)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response.content.decode() == new
    assert client.get("/calendar/agreements/guess.ics").status_code == 404


@pytest.mark.parametrize("count", [1, 5])
def test_the_feed_queries_stay_flat(client, django_assert_num_queries, count):
    for _ in range(count):
        make_agreement(date=D(2021, 11, 30), expires_on=D(2027, 9, 30))
        a_visit()
    token = token_of(make_staff_user(groups=[VIEWER, VISIT_COORDINATOR]))
    # 1. the token, joined with its staff member
    # 2-3. that staff member's own and group permissions (asked once, then cached)
    # 4. agreements in force ending within two years
    # 5-7. anniversaries: first agreement dates, those agreements, their partners
    # 8. accepted visits, joined with their time slot
    with django_assert_num_queries(8):
        response = client.get(feed_url(token))
    assert response.content.decode().count("BEGIN:VEVENT") == 3 * count
