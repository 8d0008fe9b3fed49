"""Many delegations submitting at the same moment still get distinct, consecutive references.

Each thread has its own database connection, as requests in separate worker processes do.
Run it on PostgreSQL too: DATABASE_URL=postgres://... pytest tests/visits/test_concurrency.py
"""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import application_form_data, make_time_slot
from visits import services
from visits.forms import ApplicationForm
from visits.models import VisitApplication, VisitRules

pytestmark = pytest.mark.django_db(transaction=True)

SUBMISSIONS = 20


def valid_form(data):
    form = ApplicationForm(data, visit_rules=VisitRules.current(), today=timezone.localdate())
    assert form.is_valid(), form.errors.as_json()
    return form


def test_twenty_simultaneous_submissions_get_twenty_consecutive_references():
    slot = make_time_slot()
    VisitRules.current()
    # The forms are checked first; the threads race only where it matters, in submit().
    forms = [valid_form(application_form_data(slot=slot)) for _ in range(SUBMISSIONS)]
    start = threading.Barrier(SUBMISSIONS)
    references, errors = [], []

    def apply(form):
        try:
            start.wait()
            application = services.submit(
                answers=form.answers(),
                language="en",
                members=form.member_rows,
                submission_key=form.cleaned_data["submission_key"],
            )
            references.append(application.reference)
        except Exception as error:  # reported below, with the thread's error
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    year = timezone.localdate().year
    expected = [f"VA-{year}-{number:04d}" for number in range(1, SUBMISSIONS + 1)]
    assert sorted(references) == expected
    assert sorted(VisitApplication.objects.values_list("reference", flat=True)) == expected
