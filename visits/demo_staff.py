"""Demo data for the staff's side: applications in every status, made through the workflow.

Organisations and people are invented (example.org addresses). The time slots and topics
are visits/demo.py's, which runs first; the email texts staff edit are synced here.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cities.demo import sync_record
from cities.models import Partner
from visits import emails, services, workflow
from visits.models import (
    ApplicantEmailTemplate,
    TimeSlot,
    VisitApplication,
    VisitTopic,
)

Status = VisitApplication.Status

APPLICATIONS = [
    (
        "VA-DEMO-01",
        Status.NEW,
        "Fictional Lakeside Municipality",
        "local_government",
        "FI",
        "Aino Example",
        "aino@lakeside.example.org",
        8,
        50,
        "en",
    ),
    (
        "VA-DEMO-02",
        Status.IN_REVIEW,
        "Imaginary Institute of Urban Studies",
        "university",
        "DE",
        "Jonas Muster",
        "jonas@urban-studies.example.org",
        12,
        40,
        "en",
    ),
    (
        "VA-DEMO-03",
        Status.NEEDS_INFORMATION,
        "Sample Province Youth Exchange",
        "ngo",
        "KR",
        "Kim Sample",
        "kim@youth.example.org",
        15,
        60,
        "ja",
    ),
    (
        "VA-DEMO-04",
        Status.ACCEPTED,
        "Example City Council",
        "local_government",
        "FR",
        "Camille Exemple",
        "camille@example-city.example.org",
        6,
        0,
        "en",
    ),
    (
        "VA-DEMO-05",
        Status.DECLINED,
        "Demo Mobility Startup",
        "company",
        "US",
        "Pat Placeholder",
        "pat@mobility.example.org",
        20,
        30,
        "en",
    ),
    (
        "VA-DEMO-06",
        Status.WITHDRAWN,
        "Pretend Ministry of Planning",
        "national_government",
        "CN",
        "Wang Shili",
        "wang@planning.example.org",
        5,
        35,
        "ja",
    ),
    (
        "VA-DEMO-07",
        Status.VISITED,
        "Model Town Twinning Association",
        "ngo",
        "GB",
        "Robin Testwell",
        "robin@modeltown.example.org",
        10,
        -20,
        "en",
    ),
    (
        "VA-DEMO-08",
        Status.VISITED,
        "Bygone Delegation of an Invented Port",
        "local_government",
        "AU",
        "Sam Olden",
        "sam@invented-port.example.org",
        9,
        -800,
        "en",
    ),
    (
        "VA-DEMO-09",
        Status.CANCELLED,
        "Sample Prefectural Assembly",
        "local_government",
        "KR",
        "Min-jun Example",
        "minjun@assembly.example.org",
        7,
        50,
        "en",
    ),
]


def load_reference_data():
    """The email texts staff edit; the slots and topics are visits/demo.py's (run first)."""
    for kind in ApplicantEmailTemplate.Kind:
        texts = {}
        for language in ("ja", "en"):
            subject, body = emails.built_in_text(kind, language)
            texts[f"subject_{language}"] = subject
            texts[f"body_{language}"] = body
        sync_record(ApplicantEmailTemplate, {"kind": kind}, **texts)
    slots = list(TimeSlot.objects.filter(active=True).order_by("order", "pk")[:2])
    topics = list(VisitTopic.objects.filter(active=True).order_by("order", "pk"))
    return slots, topics


def load_applications(slots, topics, out):
    staff = get_user_model().objects.filter(username="coordinator").first()
    today = timezone.localdate()
    partner = Partner.objects.filter(slug="grenoble").first()
    created = 0
    for index, row in enumerate(APPLICATIONS):
        reference, status, organisation, kind, country, contact, email, headcount, ahead, lang = row
        if VisitApplication.objects.filter(reference=reference).exists():
            continue
        # The accepted one lands in this month; the others spread around today.
        visit_on = today + datetime.timedelta(days=ahead)
        if status == Status.ACCEPTED:
            visit_on = today.replace(day=min(today.day + 3, 28))
        application = VisitApplication.objects.create(
            reference=reference,
            language=lang,
            reply_language=lang,
            organisation_name=organisation,
            organisation_kind=kind,
            country=country,
            leader_name=f"{contact} (leader)",
            contact_name=contact,
            contact_email=email,
            headcount=headcount,
            interpreter="needed" if lang == "en" else "not_needed",
            first_choice_on=visit_on,
            first_choice_slot=slots[index % 2],
            purpose="To see how the city brings research into everyday life (demo).",
            partner=partner if country == "FR" else None,
            consented_at=timezone.now(),
            reply_due_on=workflow.reply_due_on(received_on=today),
        )
        application.topics.set(topics[index % len(topics) : index % len(topics) + 2])
        walk(application, status, staff=staff)
        created += 1
    out.write(f"Visit applications: {created} created, {len(APPLICATIONS) - created} up to date")


def walk(application, status, *, staff):
    if status == Status.NEW:
        return
    if status == Status.WITHDRAWN:
        services.withdraw(application)  # the applicant's own step, from the status page
        return
    workflow.start_review(application, changed_by=staff)
    if status == Status.NEEDS_INFORMATION:
        workflow.ask_for_information(
            application, changed_by=staff, request="The names and titles of all participants."
        )
    elif status == Status.DECLINED:
        workflow.decline(
            application, decided_by=staff, reason="The dates fall in the city council session."
        )
    elif status in (*VisitApplication.VISIT_STATUSES, Status.CANCELLED):
        workflow.accept(
            application,
            decided_by=staff,
            visit_on=application.first_choice_on,
            visit_slot=application.first_choice_slot,
            visit_place="City hall, meeting room 201",
            host_department="Global City Promotion Division",
            # Demo dates fall where today puts them, weekends and past days included.
            despite_warnings=True,
        )
        if status == Status.CANCELLED:
            workflow.cancel(
                application, changed_by=staff, reason="The meeting room is being repaired."
            )
        if status == Status.VISITED:
            workflow.mark_visited(application, changed_by=staff)
            if application.first_choice_on < timezone.localdate() - datetime.timedelta(days=730):
                # An old visit, so `purge_visits --dry-run` has something to report.
                closed = timezone.now() - datetime.timedelta(days=790)
                VisitApplication.objects.filter(pk=application.pk).update(closed_at=closed)


def load(dataset, out):
    slots, topics = load_reference_data()
    load_applications(slots, topics, out)
