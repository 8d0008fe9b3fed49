"""A staff member imports a long sheet and watches its progress in a real browser."""

import threading

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seen():
    """Set once the test has seen the progress; set in the end anyway, so a failing test
    never leaves the import waiting with the database locked."""
    event = threading.Event()
    yield event
    event.set()


def test_the_progress_shows_while_a_long_sheet_is_checked_then_it_is_imported(
    live_server, page, settings, monkeypatch, seen
):
    from cities.models import Partner
    from office import import_progress
    from office.groups import EDITOR
    from tests.factories import make_staff_user

    settings.IMPORT_PROGRESS_ROWS = 3
    make_staff_user(username="tanaka", groups=[EDITOR])
    # The check waits after its first row until the test has seen the progress in the
    # browser: proof that the page arrives while the import is still running.
    count_row = import_progress.Progress.__call__

    def held_after_the_first_row(progress, row_number):
        count_row(progress, row_number)
        if row_number == 1 and not seen.is_set():
            seen.wait(timeout=20)

    monkeypatch.setattr(import_progress.Progress, "__call__", held_after_the_first_row)

    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "tanaka")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("input[type=submit]").click()
    page.goto(live_server.url + "/admin/cities/partner/import/")
    sheet = "slug,name_ja,name_en,country\r\n" + "".join(
        f"city-{n},市{n},City {n},FR\r\n" for n in range(1, 4)
    )
    page.set_input_files(
        "#id_import_file",
        {"name": "partners.csv", "mimeType": "text/csv", "buffer": sheet.encode("utf-8-sig")},
    )
    page.select_option("#id_format", index=1)  # the first real choice: CSV
    page.locator("input[type=submit].default").click()

    status = page.locator(".import-progress")
    expect(status).to_contain_text("シートを確認しています")
    expect(status).to_contain_text("3 行中 1 行を確認しました")
    expect(page.locator(".import-progress progress:visible")).to_have_attribute("value", "1")
    seen.set()

    expect(status).to_contain_text("3 行中 3 行を確認しました")
    expect(page.locator("table.import-preview")).to_contain_text("City 3")
    assert not Partner.objects.exists()
    page.locator("input[name=confirm]").click()
    expect(page.get_by_role("heading", name="インポートが完了しました")).to_be_visible()
    expect(page.locator(".messagelist")).to_contain_text("新規 3 件")
    assert Partner.objects.count() == 3
    page.get_by_role("link", name="提携自治体の一覧に戻る").click()
    expect(page).to_have_url(live_server.url + "/admin/cities/partner/")
