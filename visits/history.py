"""An application's history as staff read it: who did what, when, and what it changed.

The workflow stores each step as a StatusChange with its changes as data (visits/workflow.py);
this turns them into sentences in the reader's language, for the change page's history
table and the admin's history button alike.
"""

import datetime

from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from visits.models import ApplicantEmailTemplate, TimeSlot, VisitApplication

# Notes the delegation's side writes in English; shown in the reader's language.
KNOWN_NOTES = {
    "submitted online": _("Submitted online"),
    "withdrawn by the applicant on the status page": _(
        "Withdrawn by the applicant on the status page"
    ),
}
FIELDS = ("visit_on", "visit_slot", "visit_place", "host_department", "decline_reason")


def who(change):
    """The staff member's name, or the delegation when nobody signed in did it."""
    user = change.changed_by
    if user is None:
        return gettext("the delegation")
    return user.get_full_name() or user.get_username()


def _value(name, value):
    if value in (None, ""):
        return "-"
    if name in ("visit_on", "reply_due_on"):
        try:
            return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    if name == "visit_slot":
        slot = TimeSlot.objects.filter(pk=value).first()
        return str(slot) if slot else "-"
    return str(value)


def _label(name):
    return str(capfirst(VisitApplication._meta.get_field(name).verbose_name))


def lines(change):
    """What one step did, as sentences in the active language."""
    changes = change.changes or {}
    previous = changes.get("previous", {})
    said = []
    if "reply_received" in changes:
        name = changes["reply_received"]
        if name:
            said.append(
                gettext("Reply received from the delegation: %(document)s") % {"document": name}
            )
        elif changes.get("reply_is_message"):
            said.append(gettext("Reply received from the delegation: a message"))
        else:
            said.append(gettext("Reply received from the delegation"))
    if changes.get("reply_read"):
        said.append(gettext("The delegation's reply was read."))
    if "handled_by" in changes:
        said.append(_assignment(changes["handled_by"]))
    for name in (*FIELDS, "reply_due_on"):
        if name not in changes:
            continue
        text = f"{_label(name)}: {_value(name, changes[name])}"
        if name in previous and previous[name] != changes[name]:
            text += " " + gettext("(was %(value)s)") % {"value": _value(name, previous[name])}
        said.append(text)
    if changes.get("overrides"):
        said.append(
            gettext("Done despite the calendar warnings: %(warnings)s")
            % {"warnings": " ".join(changes["overrides"])}
        )
    if changes.get("mail"):
        kind = changes["mail"]
        label = dict(ApplicantEmailTemplate.Kind.choices).get(kind, kind)
        said.append(gettext("Mail sent to the applicant: %(kind)s") % {"kind": label})
    if change.note:
        said.append(str(KNOWN_NOTES.get(change.note, change.note)))
    return said


def _assignment(user_pk):
    from django.contrib.auth import get_user_model

    if user_pk is None:
        return gettext("No longer assigned")
    user = get_user_model().objects.filter(pk=user_pk).first()
    name = (user.get_full_name() or user.get_username()) if user else "?"
    return gettext("Assigned to %(name)s") % {"name": name}


def describe(change):
    """The step's sentences as HTML, one per line."""
    return format_html_join("", "<div>{}</div>", ((line,) for line in lines(change))) or "-"
