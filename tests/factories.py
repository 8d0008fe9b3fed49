"""Plain functions that make test data, with keyword overrides for what a test cares about."""

import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cities.models import AgreementKind, HomeCity, Merger, Partner, PartnerFact, PartnerPhoto

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


def make_agreement_kind(**overrides):
    number = next(_numbers)
    values = {
        "slug": f"type-{number}",
        "name_ja": f"種類{number}",
        "name_en": f"Type {number}",
        "order": number,
    }
    values.update(overrides)
    # A fresh database already has the standard kinds (sister-city, mou, ...): a test
    # asking for one of them gets it, with the values the test gives.
    slug = values.pop("slug")
    kind, _ = AgreementKind.objects.update_or_create(slug=slug, defaults=values)
    return kind


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


# --- cities: partner facts, photos and mergers ---


def make_fact(partner, **overrides):
    values = {
        "label_ja": "人口",
        "label_en": "Population",
        "value": "1470000",
        "unit_ja": "人",
        "unit_en": "",
        "as_of": datetime.date(2019, 1, 1),
        "as_of_precision": "year",
    }
    values.update(overrides)
    return PartnerFact.objects.create(partner=partner, **values)


def photo_upload(*, name="canal.jpg", size=(1600, 900), image_format="JPEG"):
    """An uploaded photo made with Pillow, as a browser would send it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, image_format)
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def make_photo(partner, **overrides):
    values = {
        "image": photo_upload(),
        "alt_text_ja": "運河沿いの街並み",
        "alt_text_en": "Houses along a canal",
        "caption_ja": "旧市街",
        "caption_en": "The old town",
        "credit": "City of Example",
    }
    values.update(overrides)
    return PartnerPhoto.objects.create(partner=partner, **values)


def make_merger(predecessor, successor, **overrides):
    values = {"merged_on": datetime.date(1987, 1, 1), "merged_on_precision": "year"}
    values.update(overrides)
    return Merger.objects.create(predecessor=predecessor, successor=successor, **values)


# --- agreements ---


def make_home_party(**overrides):
    """The home city as a body that signs agreements (is_home=True)."""
    values = {"is_home": True, "country": "JP", "name_ja": "つくば市", "name_en": "Tsukuba"}
    values.update(overrides)
    return make_partner(**values)


def make_agreement(
    *,
    partners=None,
    home=None,
    kind=None,
    signatory_count=0,
    documents=(),
    **overrides,
):
    """An agreement between a home-side party and one partner (or the given partners).

    documents: a list of dicts for AgreementDocument (title, public, language, content).
    """
    import datetime

    from django.core.files.base import ContentFile

    from agreements.models import Agreement, AgreementDocument, AgreementParty, Signatory

    number = next(_numbers)
    home = home or make_home_party()
    partners = partners if partners is not None else [make_partner()]
    values = {
        "slug": f"agreement-{number}",
        "title_ja": f"協定{number}",
        "title_en": f"Agreement {number}",
        "kind": kind or make_agreement_kind(),
        "date": datetime.date(2013, 11, 12),
        "published": True,
    }
    values.update(overrides)
    if values.get("expires_on") and "term" not in overrides:
        values["term"] = Agreement.Term.FIXED
    agreement = Agreement(**values)
    agreement.full_clean()
    agreement.save()
    for order, partner in enumerate([home, *partners]):
        AgreementParty.objects.create(agreement=agreement, partner=partner, order=order)
    for index in range(signatory_count):
        Signatory.objects.create(
            agreement=agreement,
            party=partners[0],
            name_ja=f"署名者{index}",
            name_en=f"Signatory {index}",
            order=index,
        )
    for document in documents:
        document = dict(document)
        content = document.pop("content", b"%PDF-1.4 agreement text")
        filename = document.pop("filename", "agreement.pdf")
        record = AgreementDocument(agreement=agreement, **document)
        record.file.save(filename, ContentFile(content), save=True)
    return agreement


# --- visits (public) ---


def make_time_slot(**overrides):
    from visits.models import TimeSlot

    number = next(_numbers)
    values = {
        "name_ja": f"午前{number}",
        "name_en": f"Morning {number}",
        "starts_at": datetime.time(10, 0),
        "ends_at": datetime.time(12, 0),
        "order": number,
    }
    values.update(overrides)
    return TimeSlot.objects.create(**values)


def make_visit_topic(**overrides):
    from visits.models import VisitTopic

    number = next(_numbers)
    values = {"name_ja": f"テーマ{number}", "name_en": f"Topic {number}", "order": number}
    values.update(overrides)
    return VisitTopic.objects.create(**values)


def make_blackout_period(**overrides):
    import datetime

    from visits.models import BlackoutPeriod

    values = {
        "starts_on": datetime.date(2026, 12, 28),
        "ends_on": datetime.date(2027, 1, 4),
        "reason_ja": "年末年始",
        "reason_en": "Year-end holidays",
    }
    values.update(overrides)
    return BlackoutPeriod.objects.create(**values)


def a_visit_day(*, after=None, days_ahead=45):
    """A weekday that is no Japanese holiday, at least `days_ahead` days after `after`."""
    import datetime

    from django.utils import timezone

    from visits.working_days import is_working_day

    day = (after or timezone.localdate()) + datetime.timedelta(days=days_ahead)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def application_form_data(**overrides):
    """Valid POST data for the visit application form (visits.forms.ApplicationForm).

    A time slot is created when none is offered yet; pass `slot=` to choose one.
    """
    from visits.models import TimeSlot
    from visits.services import new_submission_key

    slot = overrides.pop("slot", None) or TimeSlot.objects.filter(active=True).first()
    slot = slot or make_time_slot()
    data = {
        "submission_key": new_submission_key(),
        "organisation_name": "Seoul Metropolitan Government",
        "organisation_kind": "local_government",
        "country": "KR",
        "website": "https://seoul.example",
        "leader_name": "Kim Min-jun",
        "leader_title": "Director of International Relations",
        "contact_name": "Lee Ji-woo",
        "contact_email": f"secretary{next(_numbers)}@seoul.example",
        "contact_phone": "+82 2 123 4567",
        "reply_language": "en",
        "headcount": "3",
        "interpreter": "bringing",
        "first_choice_on": a_visit_day().isoformat(),
        "first_choice_slot": str(slot.pk),
        "second_choice_on": "",
        "second_choice_slot": "",
        "third_choice_on": "",
        "third_choice_slot": "",
        "purpose": "To learn how the city supports research institutions and startups.",
        "other_topics": "",
        "partner": "",
        "arrival": "By bus from Narita Airport",
        "consent": "on",
        "nickname": "",
        "members-TOTAL_FORMS": "5",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "100",
    }
    for index in range(5):
        for column in ("name", "organisation", "title"):
            data[f"members-{index}-{column}"] = ""
    data["members-0-name"] = "Kim Min-jun"
    data["members-0-title"] = "Director"
    data.update(overrides)
    return data


def submit_visit_application(*, form_data=None, language="en", files=None, today=None, **overrides):
    """An application submitted through the public form's checks and visits.services.submit."""
    from django.utils import timezone
    from django.utils.datastructures import MultiValueDict

    from visits import services
    from visits.forms import ApplicationForm
    from visits.models import VisitRules

    today = today or timezone.localdate()
    overrides.setdefault("first_choice_on", a_visit_day(after=today).isoformat())
    data = form_data or application_form_data(**overrides)
    form = ApplicationForm(
        data, MultiValueDict(files or {}), visit_rules=VisitRules.current(), today=today
    )
    assert form.is_valid(), form.errors.as_json()
    return services.submit(
        answers=form.answers(),
        language=language,
        members=form.member_rows,
        topics=form.cleaned_data["topics"],
        documents=form.cleaned_data["documents"],
        submission_key=form.cleaned_data["submission_key"],
        today=today,
    )


# --- visits (staff) ---


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
        Status.CANCELLED: ["review", "accept", "cancel"],
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
                # Tests fill a day on purpose (the calendar's); the warnings themselves
                # are tested in tests/visits/test_workflow.py.
                despite_warnings=True,
            )
        elif step == "decline":
            workflow.decline(application, decided_by=by, reason="No staff free on that day.")
        elif step == "visited":
            workflow.mark_visited(application, changed_by=by)
        elif step == "cancel":
            workflow.cancel(application, changed_by=by, reason="The hall is being repaired.")
        elif step == "withdraw":
            from visits import services

            application = services.withdraw(application)
    return application


# --- exchanges ---


def make_exchange(*, partners=None, kind="delegation-received", **overrides):
    """A published exchange with one new partner (or the given ones), checked by full_clean.

    kind: the short code of one of the kinds migration 0002 seeds, or an ExchangeKind.
    """
    import datetime

    from exchanges.models import Exchange, ExchangeKind

    number = next(_numbers)
    if isinstance(kind, str):
        kind = ExchangeKind.objects.get(slug=kind)
    values = {
        "slug": f"exchange-{number}",
        "title_ja": f"交流{number}",
        "title_en": f"Exchange {number}",
        "kind": kind,
        "starts_on": datetime.date(2026, 8, 3),
        "published": True,
    }
    values.update(overrides)
    exchange = Exchange(**values)
    exchange.full_clean()
    exchange.save()
    exchange.partners.set(partners if partners is not None else [make_partner()])
    return exchange
