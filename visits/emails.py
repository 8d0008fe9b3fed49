"""Messages to applicants and staff: stored, then sent by the background worker.

Every message is a Message row created in the caller's transaction, together with the
task that sends it (django-tasks' database backend): the mail exists exactly when the
change that caused it does, and a mail server that is down delays it but never loses it.
"""

from django.template.loader import render_to_string
from django.utils import translation

from visits.models import Message


def render(name, context, language):
    """Subject and text of templates/visits/emails/<name>_subject.txt and <name>.txt."""
    with translation.override(language):
        subject = render_to_string(f"visits/emails/{name}_subject.txt", context)
        body = render_to_string(f"visits/emails/{name}.txt", context)
    return " ".join(subject.split()), body


def queue_message(*, kind, to, language, subject, body, application=None, for_applicant=False):
    """Store one message and queue its delivery. Call it inside the change's transaction."""
    from visits.tasks import deliver_message

    message = Message.objects.create(
        application=application,
        kind=kind,
        to=to,
        language=language,
        subject=subject,
        body=body,
        for_applicant=for_applicant,
    )
    deliver_message.enqueue(message.pk)
    return message


def requeue(message):
    """Send a message that gave up (staff's "try again" in the admin)."""
    from visits.tasks import deliver_message

    Message.objects.filter(pk=message.pk).update(delivery=Message.Delivery.QUEUED)
    deliver_message.enqueue(message.pk)
