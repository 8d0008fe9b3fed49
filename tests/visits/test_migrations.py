"""A fresh database offers a morning and an afternoon and closes over the New Year."""

import datetime
import importlib

import pytest
from django.apps import apps

from visits.models import BlackoutPeriod, TimeSlot

seed = importlib.import_module("visits.migrations.0009_standard_time_slots_and_new_year_closure")

D = datetime.date


@pytest.mark.django_db
def test_a_fresh_database_offers_a_morning_and_an_afternoon():
    slots = [
        (slot.name_ja, slot.name_en, f"{slot.starts_at:%H:%M}-{slot.ends_at:%H:%M}", slot.active)
        for slot in TimeSlot.objects.all()
    ]
    assert slots == [
        ("午前", "Morning", "10:00-12:00", True),
        ("午後", "Afternoon", "14:00-16:00", True),
    ]


@pytest.mark.django_db
def test_a_fresh_database_closes_from_29_december_to_3_january():
    [closure] = BlackoutPeriod.objects.all()
    assert (closure.starts_on.month, closure.starts_on.day) == (12, 29)
    assert closure.ends_on == D(closure.starts_on.year + 1, 1, 3)
    assert closure.ends_on >= datetime.date.today()
    assert (closure.reason_ja, closure.reason_en) == ("年末年始", "Year-end and New Year holidays")


@pytest.mark.parametrize(
    "today, first",
    [
        (D(2026, 11, 28), D(2026, 12, 29)),
        (D(2026, 12, 30), D(2026, 12, 29)),  # during the closure: this one
        (D(2027, 1, 3), D(2026, 12, 29)),
        (D(2027, 1, 4), D(2027, 12, 29)),
    ],
)
def test_the_coming_new_year_closure_is_the_one_not_yet_over(today, first):
    assert seed.coming_new_year_closure(today) == (first, D(first.year + 1, 1, 3))


@pytest.mark.django_db
def test_the_migration_run_again_adds_nothing_and_keeps_what_staff_changed():
    TimeSlot.objects.filter(name_en="Morning").update(name_ja="午前の部", active=False)
    BlackoutPeriod.objects.update(reason_en="City hall closed")
    seed.add_standard_time_slots(apps, schema_editor=None)
    seed.add_new_year_closure(apps, schema_editor=None)
    assert TimeSlot.objects.count() == 2
    morning = TimeSlot.objects.get(name_en="Morning")
    assert (morning.name_ja, morning.active) == ("午前の部", False)
    assert list(BlackoutPeriod.objects.values_list("reason_en", flat=True)) == ["City hall closed"]


@pytest.mark.django_db
def test_a_closure_staff_already_entered_over_the_year_end_is_not_doubled():
    BlackoutPeriod.objects.all().delete()
    BlackoutPeriod.objects.create(
        starts_on=D(2026, 12, 28), ends_on=D(2027, 1, 4), reason_ja="年末年始", reason_en="New Year"
    )
    seed.add_new_year_closure(apps, schema_editor=None, today=D(2026, 11, 28))
    assert BlackoutPeriod.objects.count() == 1


@pytest.mark.django_db
def test_the_new_year_closure_repeats_every_year():
    [closure] = BlackoutPeriod.objects.all()
    assert closure.repeats_every_year
    year = closure.starts_on.year + 5
    assert closure.occurrence_on(D(year, 12, 31)) == (D(year, 12, 29), D(year + 1, 1, 3))
    assert closure.occurrence_on(D(year, 1, 4)) is None
