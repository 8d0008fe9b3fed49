"""The visits panel on the admin's first page."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone

from office.groups import VIEWER, VISIT_COORDINATOR
from tests.factories import make_staff_user, make_visit_application
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
    week_link = links[2].replace("&amp;", "&")
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
