"""Each rule for visits answers with a message in the reader's language, or with nothing."""

import datetime

import pytest
from django.utils import translation

from tests.factories import (
    application_form_data,
    make_blackout_period,
    make_time_slot,
    submit_visit_application,
)
from visits import rules
from visits.models import VisitRules

TODAY = datetime.date(2026, 11, 23)  # a Monday


def rules_with(**values):
    return VisitRules(**{"minimum_lead_days": 30, "maximum_group_size": 20, **values})


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "at least 30 days ahead"), ("ja", "30日前までにお申し込みください")],
)
def test_a_date_inside_the_minimum_notice_is_refused(language, expected):
    with translation.override(language):
        problem = rules.lead_time_problem(
            datetime.date(2026, 12, 1), rules=rules_with(), today=TODAY
        )
    assert expected in problem


def test_the_first_day_after_the_minimum_notice_is_accepted():
    day = TODAY + datetime.timedelta(days=30)
    assert rules.lead_time_problem(day, rules=rules_with(), today=TODAY) is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "weekdays only"), ("ja", "平日のみ")],
)
def test_a_saturday_is_refused(language, expected):
    with translation.override(language):
        problem = rules.weekday_problem(datetime.date(2027, 1, 16))
    assert expected in problem


def test_a_weekday_passes_the_weekday_rule():
    assert rules.weekday_problem(datetime.date(2027, 1, 15)) is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "public holiday in Japan"), ("ja", "日本の祝日")],
)
def test_a_japanese_public_holiday_is_refused(language, expected):
    coming_of_age_day = datetime.date(2027, 1, 11)  # a Monday
    with translation.override(language):
        problem = rules.public_holiday_problem(coming_of_age_day)
    assert expected in problem


def test_an_ordinary_weekday_is_no_holiday():
    assert rules.public_holiday_problem(datetime.date(2027, 1, 12)) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "No visits can be received"), ("ja", "訪問を受け入れていません")],
)
def test_a_day_in_a_blackout_period_is_refused_with_its_reason(language, expected):
    period = make_blackout_period(
        starts_on=datetime.date(2027, 2, 22),
        ends_on=datetime.date(2027, 3, 19),
        reason_ja="市議会定例会（例）",
        reason_en="City council session (illustrative)",
    )
    with translation.override(language):
        problem = rules.blackout_problem(datetime.date(2027, 3, 1), blackouts=[period])
        reason = period.reason
    assert expected in problem
    assert reason in problem


@pytest.mark.django_db
def test_the_day_after_a_blackout_period_is_accepted():
    period = make_blackout_period()
    assert rules.blackout_problem(datetime.date(2027, 1, 5), blackouts=[period]) is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "at most 20 people"), ("ja", "20人まで")],
)
def test_a_group_larger_than_the_limit_is_refused(language, expected):
    with translation.override(language):
        by_headcount = rules.group_size_problem(headcount=21, member_count=0, rules=rules_with())
        by_members = rules.group_size_problem(headcount=5, member_count=21, rules=rules_with())
    assert expected in by_headcount
    assert expected in by_members


def test_a_group_of_exactly_the_limit_is_accepted():
    assert rules.group_size_problem(headcount=20, member_count=20, rules=rules_with()) is None


@pytest.mark.django_db
def test_a_time_not_offered_is_refused():
    offered = make_time_slot()
    withdrawn = make_time_slot(starts_at="18:00", ends_at="19:00", active=False)
    assert rules.time_slot_problem(offered, offered=[offered]) is None
    with translation.override("en"):
        assert "times offered" in rules.time_slot_problem(withdrawn, offered=[offered])


@pytest.mark.django_db
def test_an_email_with_the_most_open_applications_cannot_apply_again():
    visit_rules = VisitRules.current()
    visit_rules.maximum_pending_per_email = 2
    visit_rules.save()
    email = "busy@lyon.example"
    assert rules.open_applications_problem(email, rules=visit_rules) is None
    for _ in range(2):
        application = submit_visit_application(form_data=application_form_data(contact_email=email))
        # Counted once the contact has opened the mailed link (tests/test_hostile_mail_abuse.py).
        application.contact_address_confirmed_at = application.submitted_at
        application.save()
    with translation.override("ja"):
        problem = rules.open_applications_problem("BUSY@lyon.example", rules=visit_rules)
    assert "2件" in problem


def test_the_browser_gets_the_holidays_and_the_earliest_day():
    data = rules.for_the_browser(rules=rules_with(), blackouts=[], today=TODAY)
    assert data["earliest"] == "2026-12-23"
    assert "2027-01-11" in data["holidays"]
    assert data["maximumGroupSize"] == 20


def test_the_browser_knows_every_holiday_up_to_the_latest_date():
    data = rules.for_the_browser(
        rules=rules_with(booking_horizon_months=24), blackouts=[], today=TODAY
    )
    assert data["latest"] == "2028-11-23"
    assert "2028-11-03" in data["holidays"]  # Culture Day, 23 months ahead
    assert max(data["holidays"]) <= data["latest"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "day"),
    [
        (datetime.date(2027, 6, 1), datetime.date(2027, 12, 29)),
        (datetime.date(2027, 6, 1), datetime.date(2028, 1, 3)),
        (datetime.date(2030, 6, 1), datetime.date(2031, 1, 2)),
    ],
)
def test_the_new_year_closure_is_refused_every_year(today, day):
    # The closure a fresh database holds (migrations 0009 and 0010), entered once.
    blackouts = rules.blackout_periods(today=today)
    with translation.override("en"):
        problems = rules.visit_day_problems(
            day, rules=rules_with(minimum_lead_days=1), blackouts=blackouts, today=today
        )
    assert problems == [
        f"No visits can be received from Dec. 29, {day.year - (day.month == 1)} to "
        f"Jan. 3, {day.year + (day.month == 12)} (Year-end and New Year holidays)."
    ]


@pytest.mark.django_db
def test_a_yearly_closure_reaches_the_browser_for_every_year_in_the_window():
    data = rules.for_the_browser(
        rules=rules_with(booking_horizon_months=36),
        blackouts=rules.blackout_periods(today=TODAY),
        today=TODAY,
    )
    closures = [(period["first"], period["last"]) for period in data["blackouts"]]
    assert closures == [
        ("2026-12-29", "2027-01-03"),
        ("2027-12-29", "2028-01-03"),
        ("2028-12-29", "2029-01-03"),
    ]


@pytest.mark.django_db
def test_the_earliest_date_offered_is_after_the_new_year_closure():
    # 36 days' notice from 23 November lands on 29 December; the closure and the weekend
    # move the first date really possible to Monday 4 January.
    day = rules.first_possible_day(
        rules=rules_with(minimum_lead_days=36),
        blackouts=rules.blackout_periods(today=TODAY),
        today=TODAY,
    )
    assert day == datetime.date(2027, 1, 4)
    with translation.override("en"):
        [problem] = rules.visit_day_problems(
            datetime.date(2026, 12, 28),
            rules=rules_with(minimum_lead_days=36),
            blackouts=rules.blackout_periods(today=TODAY),
            today=TODAY,
        )
    assert "the earliest date is Jan. 4, 2027" in problem


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "the latest date is Nov. 23, 2027"), ("ja", "2027年11月23日")],
)
def test_a_date_beyond_the_furthest_month_is_refused(language, expected):
    with translation.override(language):
        far = rules.horizon_problem(datetime.date(9999, 12, 31), rules=rules_with(), today=TODAY)
        last = rules.horizon_problem(datetime.date(2027, 11, 23), rules=rules_with(), today=TODAY)
    assert expected in far
    assert last is None
