"""The visits panel on the admin's first page."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone

from office.groups import VIEWER, VISIT_COORDINATOR
from tests.factories import make_home_city, make_staff_user, make_visit_application
from visits import dashboard
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status


def panel_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return dashboard.panel(request)


def test_the_panel_counts_what_needs_the_coordinator(client):
    today = timezone.localdate()
    make_visit_application(status=Status.NEW)
    make_visit_application(status=Status.NEW, reply_due_on=today - datetime.timedelta(days=2))
    make_visit_application(status=Status.ACCEPTED, first_choice_on=today)
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    html = panel_for(coordinator)
    assert "<strong>2</strong>" in html  # new
    assert html.count("<strong>1</strong>") == 3  # overdue, this week, this month
    assert "status__exact=new" in html
    assert "reply=overdue" in html


def test_each_link_opens_the_list_it_counts(client):
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    client.force_login(coordinator)
    today = timezone.localdate()
    visit = make_visit_application(status=Status.ACCEPTED, first_choice_on=today)
    make_visit_application(
        status=Status.ACCEPTED, first_choice_on=today + datetime.timedelta(days=60)
    )
    html = panel_for(coordinator)
    links = re.findall(r'href="([^"]+visitapplication/\?[^"]+)"', html)
    week_link = links[5].replace("&amp;", "&")
    result = client.get(week_link).context["cl"].result_list
    assert list(result) == [visit]


def test_the_panel_is_empty_for_viewers():
    assert panel_for(make_staff_user(groups=[VIEWER])) == ""


def test_the_panel_needs_one_query(django_assert_num_queries):
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR], superuser=True)
    for _ in range(3):
        make_visit_application()
    with django_assert_num_queries(1):
        panel_for(coordinator)


# --- "Set up Twinning": what a new site still needs ---


def setup_items(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    html = dashboard.setup_panel(request)
    return html, re.findall(r'<li><a href="([^"]+)">', html)


def test_a_new_site_lists_the_contact_and_the_notification_address_to_set():
    html, links = setup_items(make_staff_user(superuser=True))
    assert "Twinning の初期設定" in html  # the admin speaks Japanese unless asked otherwise
    assert links == ["/admin/cities/homecity/add/", "/admin/visits/visitrules/1/change/"]


def test_the_setup_panel_lists_the_time_slots_when_none_is_offered():
    from visits.models import TimeSlot

    make_home_city()
    TimeSlot.objects.update(active=False)
    _html, links = setup_items(make_staff_user(superuser=True))
    assert links == ["/admin/visits/timeslot/", "/admin/visits/visitrules/1/change/"]


def test_a_home_city_without_email_or_phone_is_listed_with_its_own_page():
    make_home_city(email="", phone="")
    make_staff_user(groups=[VISIT_COORDINATOR])  # has an address: notification is set
    _html, links = setup_items(make_staff_user(superuser=True))
    assert links == ["/admin/cities/homecity/1/change/"]


def test_the_setup_panel_disappears_once_everything_is_set():
    from visits.models import VisitRules

    make_home_city(email="", phone="029-883-1111")
    rules = VisitRules.current()
    rules.notification_email = "international@city.example"
    rules.save()
    html, _links = setup_items(make_staff_user(superuser=True))
    assert html == ""


def test_the_setup_panel_is_shown_in_japanese():
    from django.utils import translation

    with translation.override("ja"):
        html, links = setup_items(make_staff_user(superuser=True))
    assert 'id="setup-panel-title"' in html
    assert len(links) == 2


def test_the_setup_panel_is_not_shown_to_a_viewer():
    html, _links = setup_items(make_staff_user(groups=[VIEWER]))
    assert html == ""


def test_the_admin_index_shows_the_setup_panel(client):
    client.force_login(make_staff_user(superuser=True))
    response = client.get("/admin/", headers={"accept-language": "en"})
    assert "Set up Twinning" in response.content.decode()
