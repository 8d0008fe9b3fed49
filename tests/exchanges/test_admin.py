"""The staff side: a visited application recorded in one click, the import and export,
the yearly report page and the anniversary planner on the first page."""

import datetime

import pytest
import tablib
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Agreement
from exchanges.dashboard import anniversary_planner
from exchanges.models import Exchange
from exchanges.resources import ExchangeResource
from office.groups import EDITOR, VIEWER, VISIT_COORDINATOR
from office.spreadsheets import CSVForExcel
from tests.factories import (
    make_agreement,
    make_exchange,
    make_partner,
    make_staff_user,
    make_visit_application,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def from_visit_url(application):
    return reverse("admin:exchanges_from_visit", args=[application.pk])


def test_a_coordinator_records_a_visited_application_in_one_click(client):
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    application = make_visit_application(status="visited", headcount=5)
    client.force_login(coordinator)
    page = client.get(reverse("admin:visits_visitapplication_change", args=[application.pk]))
    assert from_visit_url(application) in page.content.decode()
    response = client.post(from_visit_url(application))
    exchange = Exchange.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:exchanges_exchange_change", args=[exchange.pk])
    assert exchange.partner_people == 5
    assert not exchange.published
    # Once recorded, the application's page links to the record instead.
    page = client.get(reverse("admin:visits_visitapplication_change", args=[application.pk]))
    assert from_visit_url(application) not in page.content.decode()
    assert reverse("admin:exchanges_exchange_change", args=[exchange.pk]) in page.content.decode()


def test_an_application_not_yet_visited_offers_no_record(client):
    coordinator = make_staff_user(groups=[VISIT_COORDINATOR])
    application = make_visit_application(status="accepted")
    client.force_login(coordinator)
    page = client.get(reverse("admin:visits_visitapplication_change", args=[application.pk]))
    assert from_visit_url(application) not in page.content.decode()
    response = client.post(from_visit_url(application), follow=True)
    assert not Exchange.objects.exists()
    assert "Only a visit that took place" in response.content.decode() or (
        "訪問済み" in response.content.decode()
    )


def test_recording_needs_a_post_and_the_permission(client):
    application = make_visit_application(status="visited")
    client.force_login(make_staff_user(groups=[VIEWER]))
    assert client.post(from_visit_url(application)).status_code == 403
    client.force_login(make_staff_user(groups=[VISIT_COORDINATOR]))
    assert client.get(from_visit_url(application)).status_code == 405
    assert not Exchange.objects.exists()


def test_the_yearly_report_page_and_its_workbook(client):
    make_exchange(starts_on=D(2026, 8, 3), city_people=15, title_en="Home stays")
    client.force_login(make_staff_user(groups=[VIEWER]))
    page = client.get(reverse("admin:exchanges_report") + "?fiscal_year=2026")
    assert page.status_code == 200
    assert page.context["report"].total.city_people == 15
    assert "<svg" in page.content.decode()
    workbook = client.get(reverse("admin:exchanges_report_xlsx") + "?fiscal_year=2026")
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="exchanges-2026.xlsx"' in workbook["Content-Disposition"]


@pytest.mark.parametrize("year", ["abc", "99999", "-1"])
def test_a_bad_fiscal_year_shows_the_current_one(client, year):
    client.force_login(make_staff_user(groups=[VIEWER]))
    assert client.get(reverse("admin:exchanges_report") + f"?fiscal_year={year}").status_code == 200


def test_the_report_is_for_staff_who_may_see_exchanges(client):
    client.force_login(make_staff_user())
    assert client.get(reverse("admin:exchanges_report")).status_code == 403


# --- import and export ---------------------------------------------------------------


def sheet(**values):
    row = {
        "slug": "daejeon-youth-2026",
        "title_ja": "青少年交流",
        "title_en": "Youth exchange",
        "kind": "youth-exchange",
        "direction": "sent",
        "starts_on": "2026/8/3",
        "ends_on": "2026年8月7日",
        "partners": "daejeon; grenoble",
        "country": "KR",
        "organisation": "",
        "account_ja": "",
        "account_en": "",
        "city_people": "15",
        "partner_people": "",
        "published": "1",
    }
    row.update(values)
    return tablib.Dataset(list(row.values()), headers=list(row))


def import_sheet(dataset, dry_run=False):
    return ExchangeResource().import_data(dataset, dry_run=dry_run, use_transactions=True)


def test_a_sheet_of_past_exchanges_comes_in_and_again_changes_nothing():
    make_partner(slug="daejeon")
    make_partner(slug="grenoble")
    result = import_sheet(sheet())
    assert not result.has_errors() and not result.has_validation_errors()
    exchange = Exchange.objects.get()
    assert (exchange.starts_on, exchange.ends_on) == (D(2026, 8, 3), D(2026, 8, 7))
    assert sorted(p.slug for p in exchange.partners.all()) == ["daejeon", "grenoble"]
    exported = ExchangeResource().export()
    again = import_sheet(
        tablib.Dataset().load(CSVForExcel().export_data(exported).decode("utf-8-sig"), format="csv")
    )
    assert not again.has_errors() and not again.has_validation_errors()
    assert Exchange.objects.count() == 1
    assert again.totals["update"] == 0


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("partners", "daejeon; atlantis", "atlantis"),
        ("kind", "picnic", "picnic"),
        ("starts_on", "soon", "soon"),
        ("ends_on", "2026-08-01", "cannot end before"),
    ],
)
def test_a_bad_cell_is_an_error_on_its_row_and_nothing_is_imported(column, value, message):
    make_partner(slug="daejeon")
    make_partner(slug="grenoble")
    good = sheet(slug="good-row")
    bad = sheet(slug="bad-row", **{column: value})
    with translation.override("en"):
        result = import_sheet(tablib.Dataset(*good, *bad, headers=good.headers))
    assert result.has_validation_errors() or result.has_errors()
    errors = [
        str(message_text)
        for row in result.invalid_rows
        for messages in row.field_specific_errors.values()
        for message_text in messages
    ] + [str(error.error) for _, row in result.row_errors() for error in row]
    assert any(message in text for text in errors), errors
    assert not Exchange.objects.exists()


# --- the anniversary planner ---------------------------------------------------------


def test_the_planner_lists_recent_exchanges_for_each_coming_anniversary():
    partner = make_partner(name_en="Daejeon", name_ja="大田広域市")
    make_agreement(partners=[partner], date=D(1999, 12, 16))  # 30 years on 16 December 2029
    recent = make_exchange(partners=[partner], title_en="Home stays", starts_on=D(2027, 8, 3))
    make_exchange(partners=[partner], title_en="Long ago", starts_on=D(2020, 1, 5))
    make_exchange(title_en="With someone else", starts_on=D(2028, 1, 5))
    assert Agreement.objects.exists()
    request = RequestFactory().get("/admin/")
    request.user = make_staff_user(groups=[EDITOR])
    html = anniversary_planner(request, on=D(2029, 3, 1))
    assert "Home stays" in html or recent.title_ja in html
    assert "Long ago" not in html and "With someone else" not in html


def test_the_planner_is_not_shown_to_staff_without_exchanges():
    request = RequestFactory().get("/admin/")
    request.user = make_staff_user()
    assert anniversary_planner(request, on=D(2029, 3, 1)) == ""


def test_the_planner_joins_the_first_page(client):
    partner = make_partner()
    in_a_month = timezone.localdate() + datetime.timedelta(days=30)
    make_agreement(partners=[partner], date=in_a_month.replace(day=1, year=in_a_month.year - 20))
    make_exchange(partners=[partner], title_en="Home stays", starts_on=timezone.localdate())
    client.force_login(make_staff_user(groups=[EDITOR]))
    with translation.override("en"):
        page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "exchanges-panel-heading" in page
    assert "Home stays" in page
