"""The statistics page: a fiscal year's figures (April to March) as charts, tables and CSV."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from office.groups import VISIT_COORDINATOR
from tests.factories import make_staff_user, make_visit_application
from visits import statistics
from visits.models import VisitApplication, VisitTopic

pytestmark = pytest.mark.django_db

Status = VisitApplication.Status
TOKYO = ZoneInfo("Asia/Tokyo")


def submitted(day, *, hour=10, **overrides):
    with time_machine.travel(datetime.datetime(*day, hour, tzinfo=TOKYO), tick=False):
        return make_visit_application(**overrides)


def test_figures_count_applications_by_month_country_status_and_visits_by_topic():
    topic = VisitTopic.objects.create(name_ja="ロボット", name_en="Robots")
    visit = submitted(
        (2026, 4, 2),
        status=Status.ACCEPTED,
        country="DE",
        first_choice_on=datetime.date(2026, 5, 1),
    )
    visit.topics.add(topic)
    submitted((2026, 4, 20), country="DE")
    submitted((2027, 2, 1), country="KR", status=Status.DECLINED)
    submitted((2027, 2, 1), country="KR", status=Status.WITHDRAWN)
    submitted((2026, 3, 31), country="US")  # the fiscal year before

    with translation.override("en"):
        data = statistics.figures(fiscal_year=2026)
    months = dict(data["month"])
    assert sum(months.values()) == 4
    assert months["April 2026"] == 2 and months["February 2027"] == 2
    assert dict(data["country"]) == {"Germany": 2, "South Korea": 2}
    statuses = dict(data["status"])
    assert sum(statuses.values()) == 4
    assert data["topic"] == [("Robots", 1)]


def test_the_months_run_from_april_to_march_of_the_next_year():
    with translation.override("en"):
        data = statistics.figures(fiscal_year=2026)
    labels = [label for label, _ in data["month"]]
    assert labels[0] == "April 2026" and labels[-1] == "March 2027"
    assert len(labels) == 12
    with translation.override("ja"):
        data = statistics.figures(fiscal_year=2026)
    assert data["month"][0][0] == "2026年4月"


def test_an_application_arriving_late_on_31_march_counts_in_the_fiscal_year_ending_then():
    submitted((2027, 3, 31), hour=23, country="FR")
    submitted((2027, 4, 1), hour=0, country="DE")
    with translation.override("en"):
        assert dict(statistics.figures(fiscal_year=2026)["country"]) == {"France": 1}
        assert dict(statistics.figures(fiscal_year=2027)["country"]) == {"Germany": 1}


@pytest.mark.parametrize(
    ("visit_on", "fiscal_year"),
    [(datetime.date(2027, 3, 31), 2026), (datetime.date(2027, 4, 1), 2027)],
)
def test_a_visit_counts_in_the_fiscal_year_of_its_date(visit_on, fiscal_year):
    topic = VisitTopic.objects.create(name_ja="環境", name_en="Environment")
    application = submitted((2027, 1, 10), status=Status.ACCEPTED, first_choice_on=visit_on)
    assert application.visit_on == visit_on
    application.topics.add(topic)
    with translation.override("en"):
        assert statistics.figures(fiscal_year=fiscal_year)["topic"] == [("Environment", 1)]
        assert statistics.figures(fiscal_year=fiscal_year - 1)["topic"] == []
        assert statistics.figures(fiscal_year=fiscal_year + 1)["topic"] == []


@pytest.mark.parametrize("count", [1, 8])
def test_statistics_page_shows_charts_and_tables_with_flat_queries(
    client, django_assert_max_num_queries, count
):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    for _ in range(count):
        submitted((2026, 4, 1), country="FR")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("visits_staff:statistics"), {"fiscal_year": 2026})
    html = response.content.decode()
    # applications, visits and visitors by month, country, status, topic
    assert html.count('<svg role="img"') == 6
    assert f"<td>{count}</td>" in html


def test_the_page_offers_fiscal_years_and_names_the_one_shown(client):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    with translation.override("en"):
        html = client.get(
            reverse("visits_staff:statistics"),
            {"fiscal_year": 2026},
            headers={"accept-language": "en"},
        ).content.decode()
    assert '<label for="fiscal_year">Fiscal year</label>' in html
    assert (
        '<option value="2026" selected>Fiscal year 2026 (April 2026 – March 2027)</option>' in html
    )
    assert "Applications by month (fiscal year 2026)" in html
    assert "?fiscal_year=2026" in html


def test_the_page_shows_the_current_fiscal_year_until_the_end_of_march(client):
    with time_machine.travel(datetime.datetime(2027, 3, 31, 12, tzinfo=TOKYO), tick=False):
        client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
        html = client.get(reverse("visits_staff:statistics")).content.decode()
    assert '<option value="2026" selected>' in html
    assert '<option value="2027">' in html  # the coming one, for plans


def test_a_nonsense_year_shows_this_year(client):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    response = client.get(reverse("visits_staff:statistics"), {"fiscal_year": "abc"})
    assert response.status_code == 200


def test_the_csv_download_has_every_figure_and_says_fiscal_year(client):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    submitted((2027, 3, 31), country="FR")
    response = client.get(
        reverse("visits_staff:statistics_csv"),
        {"fiscal_year": 2026},
        headers={"accept-language": "en"},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="visits-fiscal-year-2026.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "fiscal year"
    # header, applications, visits and visitors by month, one country, statuses
    assert len(rows) == 1 + 12 * 3 + 1 + len(Status)
    assert sorted({row[0] for row in rows[1:]}) == ["2026"]
    assert ["2026", "Applications by month", "March 2027", "1"] in rows


def test_visits_and_visitors_are_counted_by_the_month_of_the_visit():
    for day, people, status in [
        (datetime.date(2026, 5, 12), 5, Status.ACCEPTED),
        (datetime.date(2026, 5, 20), 3, Status.VISITED),
        (datetime.date(2027, 1, 14), 12, Status.VISITED),
        (datetime.date(2026, 5, 21), 40, Status.DECLINED),  # no visit
    ]:
        make_visit_application(status=status, first_choice_on=day, visit_on=day, headcount=people)

    with translation.override("en"):
        data = statistics.figures(fiscal_year=2026)

    visits, visitors = dict(data["visit_month"]), dict(data["visitor_month"])
    assert visits["May 2026"] == 2 and visits["January 2027"] == 1
    assert visitors["May 2026"] == 8 and visitors["January 2027"] == 12
    assert sum(visits.values()) == 3 and sum(visitors.values()) == 20


def test_a_long_label_is_shortened_with_an_ellipsis_in_the_chart():
    chart = statistics.bar_chart(
        [("Mecklenburg-Western Pomerania State Chancellery", 3)], title="t", chart_id="c"
    )
    assert "Mecklenburg-Western Pom…" in chart
