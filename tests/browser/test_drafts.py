"""Nothing typed is lost: the visit form keeps a draft in the browser as it is typed."""

import pytest
from playwright.sync_api import expect

from tests.factories import a_visit_day, make_time_slot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("applications_open")]


def test_the_language_switch_keeps_a_filled_form(live_server, phone):
    slot = make_time_slot(name_en="Visit", name_ja="訪問", starts_at="13:00", ends_at="14:00")
    visit_day = a_visit_day().isoformat()
    phone.goto(live_server.url + "/en/visits/apply/")
    phone.get_by_role("group", name="Your organisation").get_by_label("Organisation").fill(
        "Stadt Bochum"
    )
    phone.get_by_label("local government").check()
    phone.get_by_label("Country").select_option("DE")
    phone.get_by_label("Contact email").fill("international@bochum.example")
    phone.get_by_label("Number of visitors").fill("12")
    phone.get_by_label("First preferred date").fill(visit_day)
    phone.get_by_label("Time (first date)").select_option(label="Visit (13:00-14:00)")
    phone.get_by_label("Purpose of the visit").fill("Städtepartnerschaft: research parks.")
    for _ in range(2):
        phone.get_by_role("button", name="Add a member").click()
    phone.locator("#id_members-6-name").fill("Anna Müller")

    phone.get_by_role("link", name="日本語").click()

    expect(phone).to_have_url(live_server.url + "/ja/visits/apply/")
    expect(phone.locator("#draft-notice")).to_be_visible()
    expect(phone.locator("#id_organisation_name")).to_have_value("Stadt Bochum")
    expect(phone.locator("#id_organisation_kind_1")).to_be_checked()
    expect(phone.locator("#id_country")).to_have_value("DE")
    expect(phone.locator("#id_contact_email")).to_have_value("international@bochum.example")
    expect(phone.locator("#id_headcount")).to_have_value("12")
    expect(phone.locator("#id_first_choice_on")).to_have_value(visit_day)
    expect(phone.locator("#id_first_choice_slot")).to_have_value(str(slot.pk))
    expect(phone.locator("#id_purpose")).to_have_value("Städtepartnerschaft: research parks.")
    expect(phone.locator("#id_members-TOTAL_FORMS")).to_have_value("7")
    expect(phone.locator("#id_members-6-name")).to_have_value("Anna Müller")

    # And back, after a reload: still there.
    phone.reload()
    expect(phone.locator("#id_organisation_name")).to_have_value("Stadt Bochum")


def test_a_member_row_can_be_removed_and_the_rows_are_renumbered(live_server, phone):
    make_time_slot()
    phone.goto(live_server.url + "/en/visits/apply/")
    phone.locator("#id_members-0-name").fill("First")
    phone.locator("#id_members-1-name").fill("Second")
    phone.get_by_role("button", name="Remove member 1").click()
    expect(phone.locator("#id_members-TOTAL_FORMS")).to_have_value("4")
    expect(phone.locator("#id_members-0-name")).to_have_value("Second")
    expect(phone.get_by_role("group", name="Member 1")).to_be_visible()
    expect(phone.get_by_role("button", name="Remove member 5")).to_have_count(0)


def test_start_again_empties_the_form(live_server, phone):
    make_time_slot()
    phone.goto(live_server.url + "/en/visits/apply/")
    phone.get_by_label("Contact email").fill("someone@example.org")
    phone.reload()
    expect(phone.locator("#id_contact_email")).to_have_value("someone@example.org")
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Start again with an empty form").click()
    expect(phone.locator("#draft-notice")).to_have_count(0)
    expect(phone.locator("#id_contact_email")).to_have_value("")
