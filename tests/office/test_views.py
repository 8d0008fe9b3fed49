"""The calendar address box on staff pages and the one reset behind it."""

import pytest
from django.test import Client
from django.urls import reverse

from office.feeds import feed_address
from office.groups import VIEWER, VISIT_COORDINATOR
from office.models import CalendarToken
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db

RESET = "/admin/calendar-address/reset/"
AGREEMENT_CALENDAR = "/admin/agreements/agreement/calendar/"
VISIT_CALENDAR = "/admin/visits-office/calendar/"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://twinning.city.example"


def test_the_agreement_and_visit_calendar_pages_show_the_same_address_and_reset(client):
    user = make_staff_user(groups=[VIEWER, VISIT_COORDINATOR])
    client.force_login(user)
    for page in (AGREEMENT_CALENDAR, VISIT_CALENDAR):
        html = client.get(page).content.decode()
        assert feed_address(user) in html
        assert f'action="{RESET}"' in html
        assert f'name="next" value="{page}"' in html
    assert CalendarToken.objects.filter(user=user).count() == 1


def test_a_reset_gives_a_new_address_and_returns_to_the_page(client):
    user = make_staff_user(groups=[VISIT_COORDINATOR])
    client.force_login(user)
    old = feed_address(user)
    response = client.post(RESET, {"next": VISIT_CALENDAR}, headers={"accept-language": "en"})
    assert response.status_code == 302
    assert response["Location"] == VISIT_CALENDAR + "#calendar-address"
    assert feed_address(user) != old
    page = client.get(VISIT_CALENDAR).content.decode()
    assert "The old address no longer works." in page


def test_a_reset_never_sends_staff_to_another_site(client):
    client.force_login(make_staff_user())
    response = client.post(RESET, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:index") + "#calendar-address"


def test_a_reset_is_a_post_only(client):
    user = make_staff_user()
    client.force_login(user)
    old = feed_address(user)
    assert client.get(RESET).status_code == 405
    assert feed_address(user) == old


def test_a_reset_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    user = make_staff_user()
    client.force_login(user)
    old = feed_address(user)
    assert client.post(RESET, {"next": VISIT_CALENDAR}).status_code == 403
    assert feed_address(user) == old


def test_a_reset_needs_a_staff_login(client):
    user = make_staff_user()
    token = CalendarToken.objects.current(user=user).token
    response = client.post(RESET)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    user.is_staff = False
    user.save()
    client.force_login(user)
    client.post(RESET)
    assert CalendarToken.objects.get(user=user).token == token
