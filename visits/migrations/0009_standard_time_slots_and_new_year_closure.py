"""A morning and an afternoon for visits, and the coming New Year closure, so a fresh
database can take applications once the division's addresses are set.

Staff can rename, deactivate or add slots and periods afterwards. A slot with the same
hours, or a period already covering the year-end, is left as it is, so running this
again (or on a database with data) changes nothing.
"""

import datetime

from django.db import migrations

# order, Japanese, English, starts, ends
STANDARD_TIME_SLOTS = [
    (10, "午前", "Morning", datetime.time(10, 0), datetime.time(12, 0)),
    (20, "午後", "Afternoon", datetime.time(14, 0), datetime.time(16, 0)),
]


def coming_new_year_closure(today):
    """29 December to 3 January (行政機関の休日に関する法律) of the closure not yet over."""
    year = today.year if today >= datetime.date(today.year, 1, 4) else today.year - 1
    return datetime.date(year, 12, 29), datetime.date(year + 1, 1, 3)


def add_standard_time_slots(apps, schema_editor):
    TimeSlot = apps.get_model("visits", "TimeSlot")
    for order, name_ja, name_en, starts_at, ends_at in STANDARD_TIME_SLOTS:
        TimeSlot.objects.get_or_create(
            starts_at=starts_at,
            ends_at=ends_at,
            defaults={"name": name_ja, "name_ja": name_ja, "name_en": name_en, "order": order},
        )


def add_new_year_closure(apps, schema_editor, today=None):
    # One closure, not a yearly rule: BlackoutPeriod holds dates, so the next year-end is
    # entered by staff (or by a later yearly-closure feature).
    BlackoutPeriod = apps.get_model("visits", "BlackoutPeriod")
    first, last = coming_new_year_closure(today or datetime.date.today())
    if BlackoutPeriod.objects.filter(starts_on__lte=last, ends_on__gte=first).exists():
        return
    BlackoutPeriod.objects.create(
        starts_on=first,
        ends_on=last,
        reason="年末年始",
        reason_ja="年末年始",
        reason_en="Year-end and New Year holidays",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0008_email_template_used_for"),
    ]

    operations = [
        # Going back keeps them: applications may already name the slots.
        migrations.RunPython(add_standard_time_slots, migrations.RunPython.noop),
        migrations.RunPython(add_new_year_closure, migrations.RunPython.noop),
    ]
