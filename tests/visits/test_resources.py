import csv
import datetime
import io

import openpyxl
import pytest
from django.db import models
from django.utils import timezone

from cities.spreadsheets import CSVForExcel, ExcelWorkbook
from visits.models import TimeSlot, VisitApplication, VisitTopic
from visits.resources import VisitApplicationResource, stream_csv

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


def test_the_csv_export_streams_in_chunks_with_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    for _ in range(30):
        application()
    # per chunk of 10: the rows, their topics, their members; then one empty read
    with django_assert_max_num_queries(3 * 3 + 1):
        lines = list(stream_csv(chunk_size=10))
    assert len(lines) == 31


def test_the_streamed_csv_has_the_same_cells_as_the_resources_export():
    topic = VisitTopic.objects.create(name_ja="研究機関", name_en="Research institutes", order=1)
    first = application(website="https://lyon.example", web_conference_ok=True)
    first.topics.add(topic)
    first.members.create(name="Claire Martin", title="Mayor", organisation="Lyon", order=0)
    application(purpose="-5 visitors", visit_on=datetime.date(2027, 3, 1))
    expected = CSVForExcel().export_data(VisitApplicationResource().export())
    streamed = "".join(stream_csv()).encode("utf-8")
    assert streamed == expected
