"""The statistics page: figures of a year as charts with tables, and as CSV."""

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


def submitted(day, **overrides):
    with time_machine.travel(datetime.datetime(2026, *day, 10, tzinfo=TOKYO), tick=False):
        return make_visit_application(**overrides)


def test_figures_count_applications_by_month_country_status_and_visits_by_topic():
    topic = VisitTopic.objects.create(name_ja="ロボット", name_en="Robots")
    visit = submitted(
        (3, 2), status=Status.ACCEPTED, country="DE", first_choice_on=datetime.date(2026, 5, 1)
    )
    visit.topics.add(topic)
    submitted((3, 20), country="DE")
    submitted((7, 1), country="KR", status=Status.DECLINED)
    submitted((7, 1), country="KR", status=Status.WITHDRAWN)
    with time_machine.travel(datetime.datetime(2025, 12, 1, tzinfo=TOKYO), tick=False):
        make_visit_application(country="US")  # another year

    with translation.override("en"):
        data = statistics.figures(year=2026)
    months = dict(data["month"])
    assert sum(months.values()) == 4
    assert list(months.values())[2] == 2 and list(months.values())[6] == 2
    assert dict(data["country"]) == {"Germany": 2, "South Korea": 2}
    statuses = dict(data["status"])
    assert sum(statuses.values()) == 4
    assert data["topic"] == [("Robots", 1)]


@pytest.mark.parametrize("count", [1, 8])
def test_statistics_page_shows_charts_and_tables_with_flat_queries(
    client, django_assert_max_num_queries, count
):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    for _ in range(count):
        submitted((4, 1), country="FR")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("visits_staff:statistics"), {"year": 2026})
    html = response.content.decode()
    assert html.count('<svg role="img"') == 4
    assert f"<td>{count}</td>" in html


def test_a_nonsense_year_shows_this_year(client):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    response = client.get(reverse("visits_staff:statistics"), {"year": "abc"})
    assert response.status_code == 200


def test_the_csv_download_has_every_figure(client):
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    submitted((4, 1), country="FR")
    response = client.get(reverse("visits_staff:statistics_csv"), {"year": 2026})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 12 + 1 + len(Status)  # header, months, one country, statuses
    assert sorted({row[0] for row in rows[1:]}) == ["2026"]
