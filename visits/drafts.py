"""Save and continue later: a form's answers stored on the server, reached by a mailed link.

Like a municipal form platform, the delegation may stop half way: the answers typed so
far (no consent, no robot trap) and the files kept for the form (visits/uploads.py) wait
KEPT_FOR_DAYS, as the rules page says, and the link in the mail brings the form back.
Drafts are personal data: purge_visits removes them once expired.
"""

import datetime
import secrets

from django.urls import reverse
from django.utils import timezone, translation

from office import outbox
from office.links import absolute_url
from visits import emails
from visits.models import SavedDraft

KEPT_FOR_DAYS = 14
# What a saved form never keeps: the form's machinery, the consent (given when sending)
# and the honeypot.
NOT_SAVED = {"csrfmiddlewaretoken", "save_draft", "remove_kept", "consent", "nickname"}


def answers_of(post):
    """The answers of a posted form, as lists of values by field name (JSON)."""
    return {name: post.getlist(name) for name in post if name not in NOT_SAVED}


def save(*, post, email, language, form_key, kept_keys=(), now=None):
    """Store the form's answers (and the keys of its kept files), mail the private link,
    and return the draft."""
    now = now or timezone.now()
    answers = answers_of(post)
    answers["kept_files"] = list(kept_keys)
    draft = SavedDraft.objects.create(
        key=secrets.token_urlsafe(32),
        form_key=form_key,
        email=email,
        language=language,
        answers=answers,
        expires_at=now + datetime.timedelta(days=KEPT_FOR_DAYS),
    )
    with translation.override(language):
        link = absolute_url(reverse("visits:resume", kwargs={"key": draft.key}))
    outbox.send(
        kind="draft_saved",
        to=email,
        language=language,
        template="visits/emails/draft_saved",
        context={
            "draft": draft,
            "link": link,
            "days": KEPT_FOR_DAYS,
            "signature": emails.division_signature(language),
        },
        reply_to=emails.division_address(),
    )
    return draft


def find(key, *, now=None):
    """The draft behind a link, or None when it is unknown or expired."""
    if not key:
        return None
    return SavedDraft.objects.filter(key=key, expires_at__gt=now or timezone.now()).first()


def as_post_data(draft):
    """The draft's answers as the form takes posted data."""
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, values in draft.answers.items():
        data.setlist(name, [str(value) for value in values])
    return data


def forget(*, form_key):
    """The application was sent: its drafts go."""
    SavedDraft.objects.filter(form_key=form_key).delete()


def purge(*, now=None):
    """Remove expired drafts; return how many."""
    count, _ = SavedDraft.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return count


def live_form_keys(*, now=None):
    """The form keys of drafts not yet expired (their kept files stay as long)."""
    return SavedDraft.objects.filter(expires_at__gt=now or timezone.now()).values("form_key")
