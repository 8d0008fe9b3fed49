import csv
import datetime
import io

import openpyxl
import pytest
from django.db import models
from django.utils import timezone

from office.spreadsheets import FORMULA_STARTS, CSVForExcel, ExcelWorkbook
from visits.models import TimeSlot, VisitApplication, VisitTopic
from visits.resources import VisitApplicationResource, stream_csv, write_xlsx

pytestmark = pytest.mark.django_db

FORMULA = "=cmd|' /C calc'!A0"


def application(**overrides):
    slot, _ = TimeSlot.objects.get_or_create(
        name_ja="午前",
        defaults=dict(
            name_en="Morning",
            starts_at=datetime.time(10),
            ends_at=datetime.time(12),
        ),
    )
    values = dict(
        reference=f"VA-2026-{VisitApplication.objects.count() + 1:04d}",
        language="en",
        organisation_name="Lyon Metropolitan Council",
        organisation_kind=VisitApplication.OrganisationKind.LOCAL_GOVERNMENT,
        country="FR",
        leader_name="Claire Martin",
        contact_name="Julien Petit",
        contact_email="julien@lyon.example",
        reply_language="en",
        headcount=5,
        interpreter=VisitApplication.Interpreter.BRINGING,
        first_choice_on=datetime.date(2027, 2, 3),
        first_choice_slot=slot,
        purpose="Smart city policy",
        consented_at=timezone.now(),
    )
    values.update(overrides)
    return VisitApplication.objects.create(**values)


def text_fields():
    return [
        field.name
        for field in VisitApplication._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and field.editable
        and not field.choices
        and field.name not in {"country", "contact_email", "website"}
    ]


def test_export_names_both_languages_columns_for_translated_topics():
    app = application()
    app.topics.add(VisitTopic.objects.create(name_ja="研究機関", name_en="Research institutes"))
    dataset = VisitApplicationResource().export()
    assert "topics_ja" in dataset.headers and "topics_en" in dataset.headers
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["topics_ja"] == "研究機関"
    assert row["topics_en"] == "Research institutes"
    assert row["reference"] == "VA-2026-0001"


def test_every_text_column_of_the_csv_export_is_safe_from_formulas():
    application(**dict.fromkeys(text_fields(), FORMULA))
    text = "".join(stream_csv())
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in rows[1])
    assert rows[1].count("'" + FORMULA) == len(text_fields())


def test_every_text_column_of_the_xlsx_export_is_safe_from_formulas():
    application(**dict.fromkeys(text_fields(), FORMULA))
    workbook = ExcelWorkbook().export_data(VisitApplicationResource().export())
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    cells = [cell for cell in sheet[2] if isinstance(cell.value, str)]
    assert all(cell.data_type == "s" for cell in cells)
    assert sum(cell.value == "'" + FORMULA for cell in cells) == len(text_fields())


def test_the_csv_export_streams_one_piece_per_chunk_with_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    for _ in range(30):
        application()
    # the applications (one query, read 10 at a time), the time slots, then per chunk of
    # 10 its topics and its members
    with django_assert_max_num_queries(1 + 1 + 3 * 2):
        pieces = list(stream_csv(chunk_size=10))
    rows_per_piece = [len(list(csv.reader(io.StringIO(piece)))) for piece in pieces]
    assert rows_per_piece == [1, 10, 10, 10]


def test_the_streamed_csv_has_the_same_cells_as_the_resources_export():
    topic = VisitTopic.objects.create(name_ja="研究機関", name_en="Research institutes", order=1)
    first = application(website="https://lyon.example", web_conference_ok=True)
    first.topics.add(topic)
    first.members.create(name="Claire Martin", title="Mayor", organisation="Lyon", order=0)
    application(purpose="-5 visitors", visit_on=datetime.date(2027, 3, 1))
    expected = CSVForExcel().export_data(VisitApplicationResource().export())
    streamed = "".join(stream_csv()).encode("utf-8")
    assert streamed == expected


def several_applications():
    """Applications whose cells differ in every way the export converts."""
    # A fresh database already offers these two (visits/migrations/0009).
    morning, _ = TimeSlot.objects.get_or_create(
        name_ja="午前",
        defaults=dict(name_en="Morning", starts_at=datetime.time(10), ends_at=datetime.time(12)),
    )
    afternoon, _ = TimeSlot.objects.get_or_create(
        name_ja="午後",
        defaults=dict(name_en="Afternoon", starts_at=datetime.time(14), ends_at=datetime.time(16)),
    )
    research = VisitTopic.objects.create(name_ja="研究機関", name_en="Research institutes", order=2)
    childcare = VisitTopic.objects.create(name_ja="子育て支援", name_en="", order=1)
    first = application(first_choice_slot=morning, website="https://lyon.example")
    first.topics.add(research, childcare)
    first.members.create(name="Claire Martin", title="Mayor", organisation="Lyon", order=1)
    first.members.create(name="Julien Petit", organisation="Lyon", order=0)
    application(
        first_choice_slot=afternoon,
        visit_slot=morning,
        visit_on=datetime.date(2027, 3, 1),
        web_conference_ok=True,
        purpose="-5 visitors",
    )
    third = application(first_choice_slot=afternoon, second_choice_on=datetime.date(2027, 2, 4))
    third.members.create(name="=SUM(A1)", title="Deputy", order=0)
    application(first_choice_slot=morning).topics.add(childcare)


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 2000])
def test_where_the_chunks_end_changes_nothing_in_the_export(chunk_size):
    several_applications()
    expected = CSVForExcel().export_data(VisitApplicationResource().export())
    assert "".join(stream_csv(chunk_size=chunk_size)).encode("utf-8") == expected


def test_the_export_of_some_applications_leaves_the_others_out():
    several_applications()
    chosen = VisitApplication.objects.filter(
        reference__in=["VA-2026-0001", "VA-2026-0003", "VA-2026-0004"]
    ).order_by("pk")
    expected = CSVForExcel().export_data(VisitApplicationResource().export(chosen))
    assert "".join(stream_csv(chosen, chunk_size=2)).encode("utf-8") == expected


def test_the_excel_export_has_the_same_cells_as_the_csv():
    several_applications()
    workbook = io.BytesIO()
    write_xlsx(workbook)
    sheet = openpyxl.load_workbook(workbook).active
    cells = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == list(csv.reader(io.StringIO("".join(stream_csv()).lstrip("\ufeff"))))


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_escaped_in_text_and_member_cells(start):
    application(organisation_name=start + "1").members.create(name=start + "2", order=0)
    rows = list(csv.reader(io.StringIO("".join(stream_csv()).lstrip("\ufeff"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["organisation_name"] == "'" + start + "1"
    assert row["members"] == "'" + start + "2"


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        ("Asia/Tokyo", "2026-03-29 09:59:59", "2026-03-29 10:00:00"),
        # Summer time starts at 01:00 UTC that night.
        ("Europe/Paris", "2026-03-29 01:59:59", "2026-03-29 03:00:00"),
    ],
)
def test_submission_times_are_written_in_local_time_to_the_second(settings, zone, before, after):
    settings.TIME_ZONE = zone
    for moment in ("2026-03-29 00:59:59.999999", "2026-03-29 01:00:00"):
        VisitApplication.objects.filter(pk=application().pk).update(
            submitted_at=datetime.datetime.fromisoformat(moment).replace(tzinfo=datetime.UTC)
        )
    rows = list(csv.reader(io.StringIO("".join(stream_csv()).lstrip("\ufeff"))))
    column = rows[0].index("submitted_at")
    assert [row[column] for row in rows[1:]] == [before, after]
