"""A server-side error never asks for the chosen files again."""

import pytest
from playwright.sync_api import expect

from tests.factories import a_visit_day, make_time_slot
from visits.models import VisitApplication

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("applications_open")]


def test_a_server_error_keeps_the_chosen_files(live_server, phone, tmp_path):
    make_time_slot()
    agenda = tmp_path / "agenda.pdf"
    agenda.write_bytes(b"%PDF-1.7\n%%EOF\n")
    phone.goto(live_server.url + "/en/visits/apply/")
    phone.get_by_label("Documents").set_input_files(str(agenda))
    phone.get_by_role("button", name="Send the application").click()

    expect(phone.locator("#error-summary")).to_be_focused()
    kept = phone.locator(".kept-file")
    expect(kept).to_contain_text("agenda.pdf")
    expect(phone.get_by_role("button", name="Remove agenda.pdf")).to_be_visible()
    assert phone.evaluate("document.getElementById('id_documents').files.length") == 0

    # Fix everything else and send: the kept file goes with the form.
    phone.get_by_role("group", name="Your organisation").get_by_label("Organisation").fill(
        "Stadt Bochum"
    )
    phone.get_by_label("local government").check()
    phone.get_by_label("Country").select_option("DE")
    phone.get_by_label("Leader's name").fill("Thomas Eiskirch")
    phone.get_by_label("Contact person").fill("Anna Müller")
    phone.get_by_label("Contact email").fill("anna@bochum.example")
    phone.get_by_label("Number of visitors").fill("12")
    phone.get_by_label("we bring our own interpreter").check()
    phone.get_by_label("First preferred date").fill(a_visit_day().isoformat())
    phone.get_by_label("Time (first date)").select_option(index=1)
    phone.get_by_label("Purpose of the visit").fill("Research parks.")
    phone.get_by_label("I agree").check()
    phone.get_by_role("button", name="Send the application").click()
    expect(phone.get_by_role("status")).to_contain_text("we received your application")
    application = VisitApplication.objects.get()
    assert application.documents.get().original_name == "agenda.pdf"


def test_a_language_switch_keeps_the_files_the_server_kept(live_server, phone, tmp_path):
    make_time_slot()
    agenda = tmp_path / "agenda.pdf"
    agenda.write_bytes(b"%PDF-1.7\n%%EOF\n")
    phone.goto(live_server.url + "/en/visits/apply/")
    phone.get_by_label("Contact email").fill("anna@bochum.example")
    phone.get_by_label("Documents").set_input_files(str(agenda))
    phone.get_by_role("button", name="Send the application").click()
    expect(phone.locator(".kept-file")).to_contain_text("agenda.pdf")

    phone.get_by_role("link", name="日本語").click()

    expect(phone).to_have_url(live_server.url + "/ja/visits/apply/")
    expect(phone.locator("#id_contact_email")).to_have_value("anna@bochum.example")
    kept = phone.locator(".kept-file")
    expect(kept).to_contain_text("agenda.pdf")
    expect(kept.get_by_role("button")).to_contain_text("agenda.pdf")
    # Finished in Japanese and sent: the file chosen on the English page goes with it.
    phone.get_by_role("group", name="団体").get_by_label("団体名").fill("Stadt Bochum")
    phone.locator("#id_organisation_kind_1").check()
    phone.locator("#id_country").select_option("DE")
    phone.locator("#id_leader_name").fill("Thomas Eiskirch")
    phone.locator("#id_contact_name").fill("Anna Müller")
    phone.locator("#id_headcount").fill("12")
    phone.locator("input[name=interpreter][value=bringing]").check()
    phone.locator("#id_first_choice_on").fill(a_visit_day().isoformat())
    phone.locator("#id_first_choice_slot").select_option(index=1)
    phone.locator("#id_purpose").fill("Research parks.")
    phone.locator("#id_consent").check()
    phone.locator("button[type=submit]").filter(has_text="送信").last.click()
    expect(phone.get_by_role("status").first).to_be_visible()
    application = VisitApplication.objects.get()
    assert application.documents.get().original_name == "agenda.pdf"
