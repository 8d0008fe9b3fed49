"""Hostile files: an Office file that unpacks to 900 MB is refused at once, wherever a file
is accepted (the visit form's member list and documents, the staff's imports)."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cities.models import Partner
from office.groups import EDITOR
from office.spreadsheets import UnsafeFile, check_zip_container, read_workbook_rows
from tests.factories import application_form_data, make_staff_user
from tests.office.zipbombs import MEGABYTE, xlsx_bomb
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db

SECONDS = 1.0
GROWTH_BYTES = 100 * MEGABYTE


@pytest.fixture(scope="module")
def bomb():
    content = xlsx_bomb(unpacked_megabytes=900)
    assert len(content) < MEGABYTE  # under the member list's own limit: only unpacking shows it
    assert (
        sum(
            part.file_size for part in zipfile.ZipFile(__import__("io").BytesIO(content)).infolist()
        )
        > 900 * 10**6
    )
    return content


def measured(post):
    """The response, the seconds it took and the memory it grew by at its peak.

    Posted three times: once to load the templates, once timed, once with tracemalloc
    (which slows Python down several times) to measure memory.
    """
    post()
    started = time.perf_counter()
    response = post()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        post()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"refused in {seconds:.2f} s, memory grew by {(peak - before) / MEGABYTE:.1f} MB")
    return response, seconds, peak - before


@pytest.mark.usefixtures("applications_open")
def test_a_member_list_that_unpacks_to_900_mb_is_a_form_error_at_once(client, bomb):
    data = application_form_data()

    def post():
        return client.post(
            "/en/visits/apply/", {**data, "member_list": SimpleUploadedFile("members.xlsx", bomb)}
        )

    response, seconds, growth = measured(post)
    assert response.status_code == 200
    assert "unpacks to more than 10 MB" in response.content.decode()
    assert not VisitApplication.objects.exists()
    assert seconds < SECONDS
    assert growth < GROWTH_BYTES


@pytest.mark.usefixtures("applications_open")
def test_a_document_that_unpacks_to_900_mb_is_refused_in_the_readers_language(client, bomb):
    data = application_form_data()

    def post():
        return client.post(
            "/ja/visits/apply/", {**data, "documents": SimpleUploadedFile("budget.xlsx", bomb)}
        )

    response, seconds, growth = measured(post)
    page = response.content.decode()
    assert response.status_code == 200
    assert "budget.xlsx" in page
    assert "100 MB" in page
    assert "unpacks" not in page  # Japanese, not English
    assert not VisitApplication.objects.exists()
    assert seconds < SECONDS
    assert growth < GROWTH_BYTES


def test_a_staff_import_that_unpacks_to_900_mb_is_refused(client, bomb):
    client.force_login(make_staff_user(groups=[EDITOR]))
    response, seconds, growth = measured(
        lambda: client.post(
            "/admin/cities/partner/import/",
            {
                "resource": 0,
                "format": 1,  # Excel workbook
                "import_file": SimpleUploadedFile("partners.xlsx", bomb),
            },
            headers={"accept-language": "en"},
        )
    )
    assert response.status_code == 200
    assert "unpacks to more than 100 MB" in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Partner.objects.exists()
    assert seconds < SECONDS
    assert growth < GROWTH_BYTES


def test_a_tightly_packed_part_is_refused_even_under_the_size_bound():
    content = xlsx_bomb(unpacked_megabytes=5)
    with pytest.raises(UnsafeFile, match="packed far more tightly"):
        check_zip_container(content)


def workbook_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_real_workbook_passes_and_reads_its_rows():
    content = workbook_bytes([["slug", "name_en"], ["bochum", "Bochum"]])
    assert "xl/workbook.xml" in check_zip_container(content)
    assert read_workbook_rows(content) == [["slug", "name_en"], ["bochum", "Bochum"]]


def test_a_sheet_longer_than_the_bound_is_refused():
    content = workbook_bytes([[number] for number in range(30)])
    with pytest.raises(UnsafeFile, match="more than 20 rows"):
        read_workbook_rows(content, max_rows=20)


def test_columns_past_the_bound_are_never_read():
    content = workbook_bytes([list(range(50))])
    assert read_workbook_rows(content, max_columns=3) == [[0, 1, 2]]
