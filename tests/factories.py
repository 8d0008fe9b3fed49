"""Plain functions that make test data, with keyword overrides for what a test cares about."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cities.models import HomeCity, Partner, RelationshipType

_numbers = itertools.count(1)


def make_home_city(**overrides):
    values = {
        "name_ja": "つくば市",
        "name_en": "Tsukuba City",
        "division_name_ja": "国際都市推進課",
        "division_name_en": "Global City Promotion Division",
        "postal_code": "305-8555",
        "address_ja": "つくば市研究学園一丁目1番地1",
        "address_en": "1-1-1 Kenkyu-Gakuen, Tsukuba",
        "phone": "029-883-1111",
        "email": "international@city.example",
        "opening_hours_ja": "平日 8時30分～17時15分",
        "opening_hours_en": "Weekdays 8:30-17:15",
    }
    values.update(overrides)
    home, _ = HomeCity.objects.update_or_create(pk=1, defaults=values)
    return home


def make_relationship_type(**overrides):
    number = next(_numbers)
    values = {
        "slug": f"type-{number}",
        "name_ja": f"種類{number}",
        "name_en": f"Type {number}",
        "order": number,
    }
    values.update(overrides)
    return RelationshipType.objects.create(**values)


def make_partner(**overrides):
    number = next(_numbers)
    values = {
        "slug": f"partner-{number}",
        "name_ja": f"提携市{number}",
        "name_en": f"Partner City {number}",
        "country": "FR",
        "published": True,
    }
    values.update(overrides)
    return Partner.objects.create(**values)


def make_staff_user(*, username=None, groups=(), superuser=False, **overrides):
    username = username or f"staff{next(_numbers)}"
    user = get_user_model().objects.create_user(
        username=username,
        password="correct horse battery staple",
        email=f"{username}@city.example",
        is_staff=True,
        is_superuser=superuser,
        **overrides,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


# --- visits ---


def make_time_slot(**overrides):
    import datetime

    from visits.models import TimeSlot

    values = {
        "name_ja": "午前",
        "name_en": "Morning",
        "starts_at": datetime.time(10, 0),
        "ends_at": datetime.time(12, 0),
    }
    values.update(overrides)
    return TimeSlot.objects.create(**values)


def visit_application_values(**overrides):
    """The answers of a plausible application, for make_visit_application and bulk_create."""
    import datetime

    from django.utils import timezone

    from visits.models import TimeSlot

    number = next(_numbers)
    today = timezone.localdate()
    values = {
        "reference": f"VA-{today.year}-{number:05d}",
        "language": "en",
        "reply_language": "en",
        "organisation_name": f"Example Municipal Council {number}",
        "organisation_kind": "local_government",
        "country": "FR",
        "leader_name": "Camille Exemple",
        "contact_name": "Alex Sample",
        "contact_email": f"contact{number}@delegation.example",
        "headcount": 6,
        "interpreter": "not_needed",
        "first_choice_on": today + datetime.timedelta(days=45),
        "purpose": "To learn how the city supports research start-ups.",
        "consented_at": timezone.now(),
        "reply_due_on": today + datetime.timedelta(days=14),
    }
    values.update(overrides)
    if "first_choice_slot" not in values:
        values["first_choice_slot"] = TimeSlot.objects.first() or make_time_slot()
    return values


def make_visit_application(*, status="new", by=None, **overrides):
    """An application created directly, then walked through the workflow to `status`."""
    from visits import workflow
    from visits.models import VisitApplication

    Status = VisitApplication.Status
    application = VisitApplication.objects.create(**visit_application_values(**overrides))
    by = by or make_staff_user()
    steps = {
        Status.NEW: [],
        Status.IN_REVIEW: ["review"],
        Status.NEEDS_INFORMATION: ["review", "ask"],
        Status.ACCEPTED: ["review", "accept"],
        Status.DECLINED: ["review", "decline"],
        Status.VISITED: ["review", "accept", "visited"],
        Status.WITHDRAWN: ["withdraw"],
    }[status]
    for step in steps:
        if step == "review":
            workflow.start_review(application, changed_by=by)
        elif step == "ask":
            workflow.ask_for_information(
                application, changed_by=by, request="The list of participants, please."
            )
        elif step == "accept":
            workflow.accept(
                application,
                decided_by=by,
                visit_on=application.first_choice_on,
                visit_slot=application.first_choice_slot,
                visit_place="City hall, room 201",
                host_department="International division",
            )
        elif step == "decline":
            workflow.decline(application, decided_by=by, reason="No staff free on that day.")
        elif step == "visited":
            workflow.mark_visited(application, changed_by=by)
        elif step == "withdraw":
            # Withdrawal is the applicant's side (issue 6); set the status the way it does.
            from django.utils import timezone

            application.status = Status.WITHDRAWN
            application.closed_at = timezone.now()
            application.save(update_fields=["status", "closed_at"])
    return application
