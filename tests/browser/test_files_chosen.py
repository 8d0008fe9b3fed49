"""Files on the visit form: checked as they are chosen, and member lists read before sending."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_time_slot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("applications_open")]


def test_a_semicolon_csv_from_a_french_excel_is_previewed_correctly(live_server, phone, tmp_path):
    make_time_slot()
    members = tmp_path / "membres.csv"
    members.write_bytes(
        (
            "Nom;Prénom;Organisme;Fonction\r\n"
            "Côté;Élise;Ville de Grenoble;Adjointe au maire\r\n"
            "Müller;Anne;Stadt Bochum;Referentin\r\n"
        ).encode("cp1252")
    )
    phone.goto(live_server.url + "/en/visits/apply/")
    phone.get_by_label("Member list as a spreadsheet").set_input_files(str(members))
    preview = phone.locator("#id_member_list_preview")
    expect(preview).to_contain_text("Read from the file: 2 people.")
    expect(preview.get_by_role("listitem")).to_have_text(["Élise Côté", "Anne Müller"])


def test_a_file_too_large_is_refused_before_it_is_sent(live_server, phone, tmp_path):
    make_time_slot()
    large = tmp_path / "video.pdf"
    large.write_bytes(b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024))
    phone.goto(live_server.url + "/en/visits/apply/")
    documents = phone.get_by_label("Documents")
    documents.set_input_files(str(large))
    expect(phone.locator("#id_documents_rule")).to_have_text(
        "video.pdf is larger than 10 MB. Please send a smaller file."
    )
    assert phone.evaluate("document.getElementById('id_documents').files.length") == 0


def test_a_program_is_refused_before_it_is_sent(live_server, phone, tmp_path):
    make_time_slot()
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ" + b"\x00" * 64)
    phone.goto(live_server.url + "/ja/visits/apply/")
    phone.locator("#id_documents").set_input_files(str(program))
    expect(phone.locator("#id_documents_rule")).to_contain_text("setup.exe")
