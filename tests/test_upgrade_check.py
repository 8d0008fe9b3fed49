"""The upgrade check's comparison, on made-up counts (CI runs the check itself)."""

from scripts.check_upgrade import RENAMED, TableNames, compare, format_report, missing_rows


def test_a_table_that_keeps_its_rows_passes():
    rows, problems = compare({"cities_partner": 25}, {"cities_partner": 25}, renamed={})
    assert problems == []
    assert rows == [("cities_partner", 25, 25, "")]


def test_a_table_with_more_rows_after_the_upgrade_passes():
    _rows, problems = compare({"auth_permission": 227}, {"auth_permission": 239}, renamed={})
    assert problems == []


def test_a_table_with_fewer_rows_after_the_upgrade_fails():
    _rows, problems = compare({"cities_partner": 25}, {"cities_partner": 24}, renamed={})
    assert problems == ["cities_partner: 25 rows before, 24 after"]


def test_a_table_that_vanished_without_a_rename_fails_with_its_name_and_rows():
    _rows, problems = compare({"visits_message": 10}, {}, renamed={})
    [problem] = problems
    assert "visits_message" in problem
    assert "10 before" in problem


def test_an_empty_table_that_vanished_without_a_rename_fails_too():
    # The demo is a sample: a production database may have rows there.
    _rows, problems = compare({"visits_internalnote": 0}, {}, renamed={})
    assert len(problems) == 1


def test_a_renamed_table_with_its_rows_passes():
    rows, problems = compare(
        {"visits_attachment": 3},
        {"visits_document": 3},
        renamed={"visits_attachment": "visits_document"},
    )
    assert problems == []
    assert rows == [("visits_attachment -> visits_document", 3, 3, "")]


def test_a_renamed_table_with_fewer_rows_fails():
    _rows, problems = compare(
        {"visits_attachment": 3},
        {"visits_document": 2},
        renamed={"visits_attachment": "visits_document"},
    )
    assert problems == [
        "visits_attachment -> visits_document: 3 rows expected in visits_document, 2 there"
    ]


def test_a_rename_to_a_table_that_does_not_exist_fails():
    _rows, problems = compare(
        {"visits_attachment": 3}, {}, renamed={"visits_attachment": "visits_document"}
    )
    [problem] = problems
    assert "visits_document" in problem


def test_a_rename_that_has_not_happened_yet_compares_the_old_table():
    rows, problems = compare(
        {"visits_message": 10},
        {"visits_message": 10},
        renamed={"visits_message": "office_message"},
    )
    assert problems == []
    assert rows == [("visits_message", 10, 10, "")]


MERGED = {
    "agreements_calendartoken": ["office_calendartoken"],
    "visits_calendartoken": ["office_calendartoken"],
}


def test_merged_tables_pass_with_the_sum_of_their_rows():
    before = {"agreements_calendartoken": 2, "visits_calendartoken": 2}
    rows, problems = compare(before, {"office_calendartoken": 4}, renamed=MERGED)
    assert problems == []
    assert rows == [
        ("agreements_calendartoken + visits_calendartoken -> office_calendartoken", 4, 4, "")
    ]


def test_merged_tables_fail_with_fewer_rows_than_the_sum():
    before = {"agreements_calendartoken": 2, "visits_calendartoken": 2}
    _rows, problems = compare(before, {"office_calendartoken": 3}, renamed=MERGED)
    assert len(problems) == 1


def test_merged_tables_pass_with_one_row_per_distinct_key():
    # One staff member had an address in both apps: the merged table keeps one for them.
    before = {"agreements_calendartoken": 2, "visits_calendartoken": 2}
    _rows, problems = compare(
        before, {"office_calendartoken": 3}, renamed=MERGED, distinct={"office_calendartoken": 3}
    )
    assert problems == []


def test_merged_tables_fail_with_fewer_rows_than_distinct_keys():
    before = {"agreements_calendartoken": 2, "visits_calendartoken": 2}
    _rows, problems = compare(
        before, {"office_calendartoken": 2}, renamed=MERGED, distinct={"office_calendartoken": 3}
    )
    assert problems == [
        "agreements_calendartoken + visits_calendartoken -> office_calendartoken:"
        " 3 rows expected in office_calendartoken, 2 there"
    ]


def test_a_table_merged_into_an_existing_one_adds_to_its_rows():
    before = {"visits_message": 10, "office_message": 5}
    renamed = {"visits_message": "office_message"}
    _rows, problems = compare(before, {"office_message": 10}, renamed=renamed)
    assert "office_message: 5 rows before, 10 after" not in problems
    assert problems == [
        "visits_message -> office_message: 15 rows expected in office_message, 10 there"
    ]


def test_content_rows_missing_after_the_upgrade_are_listed():
    before = [("tsukuba-bochum",), ("osaka-chicago",)]
    after = [("osaka-chicago",), ("new-partner",)]
    assert missing_rows(before, after) == [("tsukuba-bochum",)]


def test_content_queries_name_the_table_that_took_the_old_ones_rows():
    existing = {"visits_document", "visits_visitapplication"}
    sql = "SELECT file FROM {visits_attachment} JOIN {visits_visitapplication}"
    assert sql.format_map(TableNames()) == (
        "SELECT file FROM visits_attachment JOIN visits_visitapplication"
    )
    assert sql.format_map(TableNames(existing)) == (
        "SELECT file FROM visits_document JOIN visits_visitapplication"
    )


def test_every_merge_in_the_mapping_names_one_table():
    for new in RENAMED.values():
        assert isinstance(new, str) or len(new) == 1


def test_the_report_shows_a_vanished_table_without_an_after_count():
    rows, _problems = compare({"visits_message": 10}, {}, renamed={})
    assert format_report(rows).splitlines()[1].split() == ["visits_message", "10", "-", "GONE"]
