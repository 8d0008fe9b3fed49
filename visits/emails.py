"""Messages to applicants and staff about visit applications: one function per message.

Each calls the outbox (office/outbox.py), which stores the message in the caller's
transaction and queues it for the worker. The texts are templates/visits/emails/<kind>.txt;
staff may replace the three workflow texts in the admin (ApplicantEmailTemplate), in the
same template language with the same placeholders ({{ reference }}, {{ status_url }}, ...).
Every link is a full address from SITE_URL (office/links.py).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cities.models import HomeCity
from office import outbox
from office.dates import format_partial_date
from office.groups import VISIT_COORDINATOR, member_addresses
from office.links import absolute_url
from visits.models import ApplicantEmailTemplate

Kind = ApplicantEmailTemplate.Kind
# Staff read Japanese first; their notice is short and points to the admin.
STAFF_LANGUAGE = "ja"
# What staff may write in the three workflow texts, as {{ name }}.
PLACEHOLDERS = (
    "reference",
    "organisation",
    "contact_name",
    "visit_date",
    "visit_time",
    "visit_place",
    "host_department",
    "reason",
    "request",
    "status_url",
    "signature",
)


def status_page_url(application):
    """The applicant's status page as a full address, in the language of their replies."""
    with translation.override(application.reply_language):
        # With the proof that the link came by mail: opening it confirms the address.
        url = absolute_url(application.get_status_url())
        return f"{url}?address={application.address_proof()}"


def division_signature(language):
    """The division's real name, address, phone and mail, from the home city record,
    in `language`: how every mail to a delegation ends."""
    with translation.override(language):
        return render_to_string(
            "visits/emails/signature.txt", {"home_city": HomeCity.current()}
        ).strip()


def division_address():
    """Where a delegation's answer goes: the division's own address (Reply-To)."""
    home_city = HomeCity.current()
    return home_city.email if home_city else ""


def pdf_url(application):
    """The PDF of the application as sent, in the language of the replies (private)."""
    with translation.override(application.reply_language):
        return absolute_url(reverse("visits:pdf", kwargs={"token": application.status_token}))


# --- When an application arrives -------------------------------------------------------


def queue_confirmation(application):
    """Tell the applicant what they sent and where to follow it."""
    context = {
        "application": application,
        "members": list(application.members.all()),
        "documents": list(application.documents.all()),
        "status_url": status_page_url(application),
        "pdf_url": pdf_url(application),
        "home_city": HomeCity.current(),
        "signature": division_signature(application.reply_language),
    }
    return outbox.send(
        kind="confirmation",
        reply_to=division_address(),
        to=application.contact_email,
        language=application.reply_language,
        template="visits/emails/confirmation",
        context=context,
        about=application,
        shown_to_recipient=True,
    )


def staff_to_notify(rules):
    """The address set in the rules, or every active visit coordinator with an address."""
    if rules.notification_email:
        return [rules.notification_email]
    return member_addresses(VISIT_COORDINATOR)


def queue_staff_notification(application, *, rules):
    """Tell the visit coordinators a new application has arrived, with its admin page."""
    context = {
        "application": application,
        "admin_url": absolute_url(
            reverse("admin:visits_visitapplication_change", args=[application.pk])
        ),
    }
    return [
        outbox.send(
            kind="staff_notification",
            to=address,
            language=STAFF_LANGUAGE,
            template="visits/emails/staff_notification",
            context=context,
            about=application,
        )
        for address in staff_to_notify(rules)
    ]


# --- Staff's decisions (visits/workflow.py) ------------------------------------------


def placeholder_values(application, **changes):
    """What the placeholders stand for, in the applicant's reply language.

    `changes` are the decision's values before it is saved (the preview comes first).
    """
    with translation.override(application.reply_language):
        visit_on = changes.get("visit_on", application.visit_on)
        slot = changes.get("visit_slot", application.visit_slot)
        return {
            "reference": application.reference,
            "organisation": application.organisation_name,
            "contact_name": application.contact_name,
            "visit_date": format_partial_date(visit_on, "day") if visit_on else "",
            "visit_time": str(slot) if slot else "",
            "visit_place": changes.get("visit_place", application.visit_place),
            "host_department": changes.get("host_department", application.host_department),
            "reason": changes.get("reason", application.decline_reason),
            "request": changes.get("request", ""),
            "status_url": status_page_url(application),
            "signature": division_signature(application.reply_language),
        }


def _source(application, *, kind, **changes):
    """Where the message's text comes from: staff's text in the reply language if they
    wrote one, else the built-in file template; both get the same placeholders."""
    context = placeholder_values(application, **changes)
    language = application.reply_language
    staff = ApplicantEmailTemplate.objects.filter(kind=kind).first()
    subject = getattr(staff, f"subject_{language}", None)
    text = getattr(staff, f"body_{language}", None)
    if subject and text:
        return {"subject": subject, "text": text, "context": context}
    return {"template": f"visits/emails/{kind}", "context": context}


def draft_message(application, *, kind, **changes):
    """The subject and text exactly as they would be sent: the preview staff may edit."""
    return outbox.render(
        language=application.reply_language, **_source(application, kind=kind, **changes)
    )


def built_in_text(kind, language):
    """The file template's subject and text with the placeholders left in, as staff
    would write them in the admin ("{{ reference }}")."""
    context = {name: "{{ " + name + " }}" for name in PLACEHOLDERS}
    subject, text = outbox.render(
        language=language, template=f"visits/emails/{kind}", context=context
    )
    return subject, text.strip() + "\n"


def _queue_decision(application, *, kind, subject, body, **changes):
    if subject is None and body is None:
        source = _source(application, kind=kind, **changes)
    else:
        # Staff's edited preview is sent as it is (no context: nothing is rendered).
        drafted = (
            draft_message(application, kind=kind, **changes) if None in (subject, body) else ()
        )
        source = {
            "subject": drafted[0] if subject is None else subject,
            "text": drafted[1] if body is None else body,
        }
    return outbox.send(
        kind=kind,
        to=application.contact_email,
        reply_to=division_address(),
        language=application.reply_language,
        about=application,
        shown_to_recipient=True,
        **source,
    )


def envelope(application):
    """Who the mail comes from, goes to and is answered to: shown above the preview."""
    return {
        "from": settings.DEFAULT_FROM_EMAIL,
        "to": application.contact_email,
        "reply_to": division_address(),
    }


def queue_information_request(application, *, request, subject=None, body=None):
    """Ask the applicant for what is missing; the request is written into the message."""
    return _queue_decision(
        application, kind=Kind.NEEDS_INFORMATION, subject=subject, body=body, request=request
    )


def queue_accepted(application, *, subject=None, body=None):
    """Tell the applicant their visit is accepted: when, where, who hosts it."""
    return _queue_decision(application, kind=Kind.ACCEPTED, subject=subject, body=body)


def queue_declined(application, *, subject=None, body=None):
    """Tell the applicant their visit is declined, and why."""
    return _queue_decision(application, kind=Kind.DECLINED, subject=subject, body=body)


def queue_rescheduled(application, *, subject=None, body=None):
    """Tell the applicant their visit moved: the new date, time and place."""
    return _queue_decision(application, kind=Kind.RESCHEDULED, subject=subject, body=body)


def queue_cancelled(application, *, reason, subject=None, body=None):
    """Tell the applicant their accepted visit is cancelled, and why."""
    return _queue_decision(
        application, kind=Kind.CANCELLED, subject=subject, body=body, reason=reason
    )


def staff_for_reply(application):
    """Who hears that a delegation answered: the coordinator handling the application,
    else the rules' notification address or every visit coordinator."""
    from visits.models import VisitRules

    if application.handled_by_id and application.handled_by.email:
        return [application.handled_by.email]
    return staff_to_notify(VisitRules.current())


def queue_reply_received(application, *, what):
    """Tell staff the delegation answered (a document added on its status page)."""
    context = {
        "application": application,
        "what": what,
        "admin_url": absolute_url(
            reverse("admin:visits_visitapplication_change", args=[application.pk])
        ),
    }
    return [
        outbox.send(
            kind="reply_received",
            to=address,
            language=STAFF_LANGUAGE,
            template="visits/emails/reply_received",
            context=context,
            about=application,
        )
        for address in staff_for_reply(application)
    ]


# --- When the delegation withdraws ------------------------------------------------------


def queue_withdrawal_confirmation(application):
    """Confirm to the applicant that their application is withdrawn (and that it was them:
    anyone holding the status link can withdraw)."""
    return outbox.send(
        kind="withdrawn",
        to=application.contact_email,
        language=application.reply_language,
        template="visits/emails/withdrawn",
        context={
            "application": application,
            "apply_url": _in_language(application.reply_language, "visits:apply"),
            "signature": division_signature(application.reply_language),
        },
        reply_to=division_address(),
        about=application,
        shown_to_recipient=True,
    )


def _in_language(language, name):
    with translation.override(language):
        return absolute_url(reverse(name))
