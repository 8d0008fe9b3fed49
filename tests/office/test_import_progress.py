"""A long import shows its progress: the page streams while the import runs in a thread.

The import's thread has its own database connection, so these tests commit for real
(transaction=True) instead of running inside a test transaction the thread cannot see.
"""

import re
from html import unescape

import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from cities.models import Partner
from cities.resources import PartnerResource
from office.groups import EDITOR
from office.import_progress import DeferredImport
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def progress_from_three_rows(settings):
    settings.IMPORT_PROGRESS_ROWS = 3


def partner_sheet(count, *, bad_row=None):
    lines = ["slug,name_ja,name_en,country,latitude"]
    for number in range(1, count + 1):
        latitude = "north" if number == bad_row else "45.1"
        lines.append(f"city-{number},市{number},City {number},FR,{latitude}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def check(client, content, language="en"):
    client.force_login(make_staff_user(groups=[EDITOR]))
    return client.post(
        "/admin/cities/partner/import/",
        {"resource": 0, "format": 0, "import_file": SimpleUploadedFile("p.csv", content)},
        headers={"accept-language": language},
    )


def page_of(response):
    assert response.status_code == 200
    assert response.streaming, "a long import streams its page"
    return b"".join(response.streaming_content).decode()


def confirm_fields(page):
    """The confirm form's fields, as the browser would post them."""
    form = re.search(r'<form action="[^"]*process_import/"[^>]*>(.*?)</form>', page, re.S)
    assert form, "the preview offers the confirmation"
    return {
        name: unescape(value)
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form[1])
    }


def test_a_long_sheet_is_checked_with_its_progress_then_previewed_and_imported(client):
    page = page_of(check(client, partner_sheet(5)))
    assert "Checking the sheet" in page
    assert '<progress max="5" value="5">' in page
    assert "5 of 5 rows checked" in page
    assert "City 4" in page  # the preview
    assert page.rstrip().endswith("</html>")  # the whole page arrived
    assert not Partner.objects.exists()  # nothing changes before the confirmation

    response = client.post(
        "/admin/cities/partner/process_import/",
        confirm_fields(page),
        headers={"accept-language": "en"},
    )
    page = page_of(response)
    assert "5 of 5 rows imported" in page
    assert "Import finished: 5 new, 0 updated, 0 unchanged partners." in page
    assert sorted(Partner.objects.values_list("slug", flat=True)) == [
        f"city-{number}" for number in range(1, 6)
    ]
    # Audited like any import: one admin log entry a row.
    assert LogEntry.objects.filter(object_repr__startswith="City").count() == 5


def test_a_bad_row_in_a_long_sheet_is_reported_in_the_staff_members_language(client):
    page = page_of(check(client, partner_sheet(6, bad_row=4), language="ja"))
    # The import's thread speaks the staff member's language too.
    assert "「north」は数値ではありません" in page
    assert "process_import" not in page  # no confirmation is offered
    assert not Partner.objects.exists()


def test_a_confirmed_import_that_fails_changes_nothing_and_says_why(client, monkeypatch):
    page = page_of(check(client, partner_sheet(4)))
    fields = confirm_fields(page)

    def fail_at_the_end(self, dataset, result, **kwargs):
        raise ValueError("The sheet was changed by someone else.")

    # The rows are written by then; the error undoes them (all or nothing).
    monkeypatch.setattr(PartnerResource, "after_import", fail_at_the_end)
    response = client.post(
        "/admin/cities/partner/process_import/", fields, headers={"accept-language": "en"}
    )
    page = page_of(response)
    assert "Nothing was imported" in page
    assert "The sheet was changed by someone else." in page
    assert not Partner.objects.exists()
    assert not LogEntry.objects.exists()


def test_a_server_error_during_a_long_import_ends_the_page_with_a_clear_message(
    client, monkeypatch
):
    def crash(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(PartnerResource, "import_now", crash)
    page = page_of(check(client, partner_sheet(3)))
    assert "The import stopped because of an error on the server. Nothing was changed." in page
    assert "database went away" not in page  # no internals shown
    assert page.rstrip().endswith("</html>")


def test_a_short_sheet_is_imported_at_once_without_streaming(client):
    response = check(client, partner_sheet(2))
    assert not response.streaming
    assert response.context["confirm_form"] is not None


def test_the_resource_reports_each_row_and_defers_a_long_sheet_until_run():
    dataset = tablib.Dataset(headers=["slug", "name_ja", "name_en", "country"])
    for number in range(3):
        dataset.append([f"city-{number}", f"市{number}", f"City {number}", "FR"])
    deferred = PartnerResource(progress_from_rows=3).import_data(dataset, dry_run=False)
    assert isinstance(deferred, DeferredImport)
    assert not Partner.objects.exists()  # handed back unimported
    rows_done = []
    result = deferred.run(rows_done.append)
    assert rows_done == [1, 2, 3]
    assert result.totals["new"] == 3
    assert Partner.objects.count() == 3


def test_a_long_preview_shows_its_first_rows_and_says_what_confirming_does(client, monkeypatch):
    monkeypatch.setattr("office.admin.PREVIEW_ROWS", 4)
    page = page_of(check(client, partner_sheet(6)))
    assert "The preview shows the first 4 of 6 new or changed rows." in page
    assert "6 new and 0 updated partners" in page
    assert "City 4</" in page and "City 5</" not in page
    # Confirming still imports every row of the file.
    page_of(client.post("/admin/cities/partner/process_import/", confirm_fields(page)))
    assert Partner.objects.count() == 6
