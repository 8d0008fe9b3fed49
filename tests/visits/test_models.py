"""The division's words for visit applications: what is open, owed, overdue, proposed, a visit."""

import datetime

import pytest

from tests.factories import make_visit_application
from visits.forms import ApplicationForm
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
DAY = datetime.date(2027, 2, 3)


def one_of_each_status(**overrides):
    return {status: make_visit_application(status=status, **overrides) for status in Status}


def statuses(queryset):
    return set(queryset.values_list("status", flat=True))


def test_open_applications_are_those_still_in_progress():
    one_of_each_status()
    assert statuses(VisitApplication.objects.open()) == {
        Status.NEW,
        Status.IN_REVIEW,
        Status.NEEDS_INFORMATION,
        Status.ACCEPTED,
    }


def test_new_and_in_review_applications_await_the_divisions_reply():
    one_of_each_status()
    # More information needed: the applicant owes the next step, not the division.
    assert statuses(VisitApplication.objects.awaiting_reply()) == {Status.NEW, Status.IN_REVIEW}


def test_a_reply_is_overdue_only_after_its_due_day():
    late = make_visit_application(reply_due_on=DAY - datetime.timedelta(days=1))
    due_today = make_visit_application(reply_due_on=DAY)
    assert list(VisitApplication.objects.overdue(on=DAY)) == [late]
    assert set(VisitApplication.objects.overdue(on=DAY + datetime.timedelta(days=1))) == {
        late,
        due_today,
    }


def test_an_answered_application_is_never_overdue():
    long_ago = DAY - datetime.timedelta(days=100)
    one_of_each_status(reply_due_on=long_ago)
    assert statuses(VisitApplication.objects.overdue(on=DAY)) == {Status.NEW, Status.IN_REVIEW}


def test_visits_are_the_accepted_and_visited_applications():
    one_of_each_status()
    assert statuses(VisitApplication.objects.visits()) == {Status.ACCEPTED, Status.VISITED}


def test_undecided_applications_propose_their_preferred_dates():
    one_of_each_status()
    assert statuses(VisitApplication.objects.proposing()) == {
        Status.NEW,
        Status.IN_REVIEW,
        Status.NEEDS_INFORMATION,
    }


@pytest.mark.parametrize("status", list(Status))
def test_one_application_says_what_its_queryset_says(status):
    long_ago = DAY - datetime.timedelta(days=100)
    application = make_visit_application(status=status, reply_due_on=long_ago)
    applications = VisitApplication.objects.filter(pk=application.pk)
    assert application.is_open == applications.open().exists()
    assert application.is_awaiting_reply == applications.awaiting_reply().exists()
    assert application.is_overdue(on=DAY) == applications.overdue(on=DAY).exists()
    assert application.can_be_withdrawn == application.is_open
    assert application.is_accepted == (status == Status.ACCEPTED)
    assert application.is_new == (status == Status.NEW)


def test_an_application_without_a_due_day_is_not_overdue():
    application = make_visit_application(reply_due_on=None)
    assert not application.is_overdue(on=DAY)


def test_the_form_asks_exactly_the_listed_answers():
    assert tuple(ApplicationForm._meta.fields) == VisitApplication.ANSWER_FIELDS


def test_every_listed_answer_is_a_field_of_the_application():
    names = {field.name for field in VisitApplication._meta.get_fields()}
    assert set(VisitApplication.ANSWER_FIELDS) <= names
