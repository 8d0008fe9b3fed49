"""The visit calendar and the warnings staff see when they accept a visit."""

import datetime

import pytest
from django.urls import reverse

from office.groups import VISIT_COORDINATOR
from tests.factories import make_staff_user, make_time_slot, make_visit_application
from visits import calendar
from visits.models import BlackoutPeriod, VisitApplication, VisitRules

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
DAY = datetime.date(2027, 2, 3)


@pytest.fixture
def morning():
    return make_time_slot(name_en="Morning")


@pytest.fixture
def afternoon():
    return make_time_slot(
        name_en="Afternoon", starts_at=datetime.time(14, 0), ends_at=datetime.time(16, 0)
    )


def accepted_on(day, slot):
    return make_visit_application(
        status=Status.ACCEPTED, first_choice_on=day, first_choice_slot=slot
    )


def test_no_warning_on_a_free_day(morning):
    assert calendar.acceptance_warnings(visit_on=DAY, visit_slot=morning) == []


def test_a_visit_in_the_same_slot_is_a_conflict(morning):
    other = accepted_on(DAY, morning)
    [warning] = calendar.acceptance_warnings(visit_on=DAY, visit_slot=morning)
    assert other.reference in warning


def test_a_visit_in_another_slot_of_a_day_with_room_is_fine(morning, afternoon):
    accepted_on(DAY, morning)
    assert calendar.acceptance_warnings(visit_on=DAY, visit_slot=afternoon) == []


def test_a_full_day_is_flagged_even_in_a_free_slot(morning, afternoon):
    VisitRules.objects.update_or_create(pk=1, defaults={"visits_per_day": 1})
    accepted_on(DAY, morning)
    [warning] = calendar.acceptance_warnings(visit_on=DAY, visit_slot=afternoon)
    assert "1" in warning


def test_the_application_being_accepted_does_not_clash_with_itself(morning):
    application = accepted_on(DAY, morning)
    assert calendar.acceptance_warnings(visit_on=DAY, visit_slot=morning, exclude=application) == []


def test_a_blackout_day_is_flagged(morning):
    BlackoutPeriod.objects.create(
        starts_on=DAY, ends_on=DAY, reason_ja="議会", reason_en="City council session"
    )
    [warning] = calendar.acceptance_warnings(visit_on=DAY, visit_slot=morning)
    assert "council" in warning.lower() or "議会" in warning


def test_month_shows_accepted_visits_proposed_dates_and_blackouts(morning):
    visit = accepted_on(DAY, morning)
    proposal = make_visit_application(
        status=Status.IN_REVIEW, first_choice_on=DAY + datetime.timedelta(days=1)
    )
    BlackoutPeriod.objects.create(
        starts_on=datetime.date(2027, 2, 10),
        ends_on=datetime.date(2027, 2, 11),
        reason_ja="休館",
        reason_en="Closed",
    )
    weeks = calendar.month(2027, 2)
    days = {day.date: day for week in weeks for day in week}
    assert all(len(week) == 7 for week in weeks)
    assert days[DAY].accepted == [visit]
    [proposed] = days[DAY + datetime.timedelta(days=1)].proposed
    assert (proposed.application, proposed.slot) == (proposal, proposal.first_choice_slot)
    assert days[datetime.date(2027, 2, 11)].blackouts
    assert not days[datetime.date(2027, 2, 12)].blackouts


@pytest.mark.parametrize("view", ["month", "week"])
@pytest.mark.parametrize("count", [1, 6])
def test_calendar_page_queries_stay_flat(
    client, django_assert_max_num_queries, morning, view, count
):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    for _ in range(count):
        accepted_on(DAY, morning)
        make_visit_application(first_choice_on=DAY)
    client.get(reverse("visits_staff:calendar"))
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("visits_staff:calendar"), {"view": view, "date": DAY.isoformat()}
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="accepted') == count
    assert html.count('class="proposed"') == count


def test_a_yearly_closure_is_warned_about_and_marked_in_every_later_year(morning):
    # Entered once, for 2026; staff accepting a visit in 2029 still hear of it.
    BlackoutPeriod.objects.create(
        starts_on=datetime.date(2026, 8, 3),
        ends_on=datetime.date(2026, 8, 5),
        reason="City festival",
        repeats_every_year=True,
    )
    in_2029 = datetime.date(2029, 8, 3)

    warnings = calendar.acceptance_warnings(visit_on=in_2029, visit_slot=morning)

    assert any("City festival" in warning for warning in warnings)
    days = {day.date: day for week in calendar.month(2029, 8) for day in week}
    assert days[datetime.date(2029, 8, 4)].blackouts
    assert not days[datetime.date(2029, 8, 6)].blackouts
