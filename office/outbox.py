"""The outbox: every mail the site sends goes through send().

send() renders the message in the recipient's language, stores it as a Message in the
caller's transaction and queues the task that delivers it (office/tasks.py, django-tasks'
database backend): the mail exists exactly when the change that caused it does, and a mail
server that is down delays it but never loses it. Nothing else sends mail.

A message's text comes from one of three places, all in Django's template language:
- a file template pair, templates/<template>_subject.txt and <template>.txt;
- text staff edited in the admin ("{{ reference }}"), rendered with the same context but
  without loaders, includes or tag libraries: staff write text, not templates of the site;
- final text (a preview staff read and changed), stored as it is.
"""

import logging

from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import translation

from office.models import Message
from office.tasks import deliver_message

logger = logging.getLogger(__name__)

# The most a message may hold. The site's own messages quote a few bounded fields and are
# far shorter; the bound keeps any mail the city sends from carrying a visitor's novel.
MAX_SUBJECT_CHARS = 250  # Message.subject's column
MAX_BODY_CHARS = 20_000

# Staff text: the built-in tags and filters ({% if %}, {{ date|date }}) and nothing that
# reads files. Autoescape off: mail is plain text, "&" stays "&".
STAFF_TEXT_ENGINE = Engine(loaders=[], libraries={}, autoescape=False)


def render(*, language, template=None, subject=None, text=None, context=None):
    """The subject and text of a message, as send() would store them.

    With `template`, the file pair; with `subject` and `text` and a `context`, staff text
    rendered with it; with `subject` and `text` and no context, the text as it is.
    """
    with translation.override(language):
        if template is not None:
            subject = render_to_string(f"{template}_subject.txt", context)
            text = render_to_string(f"{template}.txt", context)
        elif context is not None:
            subject = render_staff_text(subject, context)
            text = render_staff_text(text, context)
    # A subject is one line, whatever the template's line breaks.
    return bounded(" ".join(subject.split()), MAX_SUBJECT_CHARS), bounded(text, MAX_BODY_CHARS)


def bounded(text, limit):
    """`text` cut to `limit` characters, with a warning in the log when it was longer."""
    if len(text) <= limit:
        return text
    logger.warning("A message of %s characters was cut to %s.", len(text), limit)
    return text[: limit - 1] + "…"


def render_staff_text(source, context):
    return STAFF_TEXT_ENGINE.from_string(source).render(Context(context, autoescape=False))


def check_staff_text(source):
    """Raise django.template.TemplateSyntaxError if staff text cannot be rendered."""
    STAFF_TEXT_ENGINE.from_string(source)


def send(
    *,
    kind,
    to,
    language,
    template=None,
    subject=None,
    text=None,
    context=None,
    about=None,
    shown_to_recipient=False,
    reply_to="",
):
    """Store one message and queue its delivery; call it inside the change's transaction.

    `about` is the record the message concerns (it lists and deletes its messages);
    `shown_to_recipient` puts it on the recipient's own page too; `reply_to` is the
    address the recipient's answer goes to.
    """
    subject, text = render(
        language=language, template=template, subject=subject, text=text, context=context
    )
    message = Message.objects.create(
        about=about,
        kind=kind,
        to=to,
        reply_to=reply_to or "",
        language=language,
        subject=subject,
        body=text,
        shown_to_recipient=shown_to_recipient,
    )
    deliver_message.enqueue(message.pk)
    return message


def requeue(message):
    """Send a message that gave up (staff's "try again" in the admin)."""
    Message.objects.filter(pk=message.pk).update(delivery=Message.Delivery.QUEUED)
    deliver_message.enqueue(message.pk)
