from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from office.pagecache import public_page
from office.ratelimit import limited_per_minute, over_the_limit
from visits import drafts, files, pdf, rules, services, uploads, workflow
from visits.forms import SUBMISSION_KEY, ApplicationForm, DocumentForm, ReplyForm
from visits.models import (
    TimeSlot,
    VisitApplication,
    VisitRules,
    VisitTopic,
    new_status_token,
)


@public_page
def visiting_us(request):
    visit_rules = VisitRules.current()
    return render(
        request,
        "visits/visiting_us.html",
        {
            "rules": visit_rules,
            "accepting": rules.accepting_applications(visit_rules),
            "topics": VisitTopic.objects.filter(active=True),
        },
    )


@public_page
def visit_rules(request):
    today = timezone.localdate()
    current_rules = VisitRules.current()
    return render(
        request,
        "visits/rules.html",
        {
            "draft_days": drafts.KEPT_FOR_DAYS,
            "rules": current_rules,
            "accepting": rules.accepting_applications(current_rules),
            "slots": TimeSlot.objects.filter(active=True),
            # Yearly closures first: they are the ones a delegation plans around.
            "blackouts": sorted(
                rules.blackout_periods(today=today),
                key=lambda period: (not period.repeats_every_year, period.starts_on),
            ),
        },
    )


@public_page
def privacy(request):
    return render(request, "visits/privacy.html")


def _private(response):
    """Pages reached by a private link: no referrer leaks it, no cache keeps it."""
    # "same-origin", not "no-referrer": with no referrer at all browsers send the page's
    # own forms (withdraw, add a document) with "Origin: null", and CSRF refuses them.
    response["Referrer-Policy"] = "same-origin"
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


# The mark lets office.middleware.RequestLimits skip storing the files of a refused post.
@limited_per_minute("visits:submissions", "VISIT_SUBMISSIONS_PER_MINUTE")
def apply(request):
    today = timezone.localdate()
    visit_rules = VisitRules.current()
    if not rules.accepting_applications(visit_rules):
        # A form nobody could send (no time offered) or nobody would read (no address):
        # say so instead, and take nothing in.
        status = 409 if request.method == "POST" else 200
        return render(request, "visits/not_open.html", {"rules": visit_rules}, status=status)
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, visit_rules=visit_rules, today=today)
        if over_the_limit(
            request, "visits:submissions", per_minute=settings.VISIT_SUBMISSIONS_PER_MINUTE
        ):
            # The form comes back with what was typed, so nothing is lost by waiting.
            response = _render_form(request, form, visit_rules, today, "visits/too_many.html", 429)
            response["Retry-After"] = "60"  # the limit counts a minute from the first post
            return response
        if form.is_spam:
            # Answered as a real submission is (a redirect to a status page, with a token
            # of the same shape), so a robot cannot tell it was caught; nothing is saved.
            fake = VisitApplication(status_token=new_status_token())
            return redirect(f"{fake.get_status_url()}?received=1")
        removed = request.POST.get("remove_kept")
        if request.POST.get("save_draft"):
            return _save_draft(request, form, visit_rules, today)
        if removed:
            # "Remove" beside a kept file, without JavaScript: the form comes back without it.
            uploads.discard([kept for kept in form.kept_files if kept.key == removed])
            form.kept_files = [kept for kept in form.kept_files if kept.key != removed]
            form.is_valid()  # the other files chosen with the click pass their checks too
        elif form.is_valid():
            try:
                application = services.submit(
                    answers=form.answers(),
                    language=get_language()[:2],
                    members=form.member_rows,
                    topics=form.cleaned_data["topics"],
                    documents=form.cleaned_data["documents"],
                    submission_key=form.cleaned_data["submission_key"],
                    today=today,
                )
            except rules.RulesNotMet as problems:
                # Something changed since the form's own check (another open application
                # for the address, a new blackout): the form shows what to fix.
                form.add_error(None, problems)
            else:
                uploads.discard(form.kept_files)
                drafts.forget(form_key=form.cleaned_data["submission_key"])
                return redirect(f"{application.get_status_url()}?received=1")
        # The form goes back to be fixed: the files that passed are kept, not asked again.
        form.keep_files()
    else:
        form = ApplicationForm(
            initial={"submission_key": services.new_submission_key()},
            visit_rules=visit_rules,
            today=today,
        )
    return _render_form(request, form, visit_rules, today)


def _save_draft(request, form, visit_rules, today):
    """ "Save and continue later": keep the answers and files, mail the link."""
    email = request.POST.get("contact_email", "").strip()
    form_key = request.POST.get("submission_key", "")
    form.is_valid()  # the files chosen pass their checks before they are kept
    form.without_errors()
    try:
        validate_email(email)
    except ValidationError:
        form.add_error("contact_email", NEED_EMAIL_TO_SAVE)
        return _render_form(request, form, visit_rules, today)
    if not SUBMISSION_KEY.match(form_key):
        form.add_error(None, _("The form has expired. Please send it again."))
        return _render_form(request, form, visit_rules, today)
    form.keep_files()
    draft = drafts.save(
        post=request.POST,
        email=email,
        language=get_language()[:2],
        form_key=form_key,
        kept_keys=[kept.key for kept in form.kept_files],
    )
    return _private(render(request, "visits/draft_saved.html", {"draft": draft}))


NEED_EMAIL_TO_SAVE = _(
    "To save the form, please give the contact email address: the link to continue is sent there."
)


def resume(request, key):
    """The form saved with "Save and continue later", from the link in the mail."""
    draft = drafts.find(key)
    if draft is None:
        return _private(
            render(
                request,
                "visits/draft_expired.html",
                {"days": drafts.KEPT_FOR_DAYS},
                status=404,
            )
        )
    today = timezone.localdate()
    visit_rules = VisitRules.current()
    if not rules.accepting_applications(visit_rules):
        return render(request, "visits/not_open.html", {"rules": visit_rules})
    form = ApplicationForm(
        drafts.as_post_data(draft), visit_rules=visit_rules, today=today, resumed=True
    )
    return _private(_render_form(request, form, visit_rules, today))


MEMBER_LIST_PREVIEWS_PER_MINUTE = 30


@require_POST
def member_list_preview(request):
    """The names read from a member list, before the form is sent (the form's preview).

    Nothing is stored: the file is read and answered as JSON, the names or the problem.
    """
    if over_the_limit(
        request, "visits:member-list-previews", per_minute=MEMBER_LIST_PREVIEWS_PER_MINUTE
    ):
        return JsonResponse({"error": str(TOO_MANY_PREVIEWS)}, status=429)
    uploaded = request.FILES.get("member_list")
    if uploaded is None:
        return JsonResponse({"error": str(files.NOT_A_MEMBER_LIST)}, status=400)
    try:
        members = files.read_member_list(uploaded)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    response = JsonResponse(
        {
            "count": len(members),
            "names": [member["name"] for member in members],
            "summary": ngettext(
                "Read from the file: %(count)d person.",
                "Read from the file: %(count)d people.",
                len(members),
            )
            % {"count": len(members)},
        }
    )
    add_never_cache_headers(response)
    return response


TOO_MANY_PREVIEWS = _("Too many files in a minute. Please wait a moment and try again.")


def _render_form(request, form, visit_rules, today, template=None, status=200):
    browser_rules = rules.for_the_browser(rules=visit_rules, blackouts=form.blackouts, today=today)
    return render(
        request,
        template or "visits/visitapplication_form.html",
        {
            "form": form,
            "rules": visit_rules,
            "browser_rules": browser_rules,
            "draft_days": drafts.KEPT_FOR_DAYS,
        },
        status=status,
    )


def _open_application(token):
    if not token:
        raise Http404
    return get_object_or_404(
        VisitApplication.objects.select_related("first_choice_slot", "visit_slot"),
        status_token=token,
    )


def _status_page(request, application, *, document_form=None, reply_form=None, status=200):
    context = {
        "application": application,
        "replied": request.GET.get("replied") == "1",
        "replies": application.replies.all(),
        "reply_form": reply_form or ReplyForm(),
        "received": request.GET.get("received") == "1",
        "withdrawn": request.GET.get("withdrawn") == "1",
        "added": request.GET.get("added") == "1",
        "messages_for_applicant": application.messages.filter(shown_to_recipient=True).order_by(
            "created_at", "pk"
        ),
        "documents": application.documents.all(),
        "document_form": document_form or DocumentForm(),
    }
    return _private(render(request, "visits/status.html", context, status=status))


def status(request, token):
    application = _open_application(token)
    if application.contact_address_confirmed_at is None and constant_time_compare(
        request.GET.get("address", ""), application.address_proof()
    ):
        # Opened from the link mailed to the contact: the address is theirs.
        application.contact_address_confirmed_at = timezone.now()
        application.save(update_fields=["contact_address_confirmed_at"])
    return _status_page(request, application)


def application_pdf(request, token):
    """The application as sent, as a PDF in the page's language; private like the page."""
    application = _open_application(token)
    response = HttpResponse(pdf.application_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.reference}.pdf"'
    return _private(response)


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    application = _open_application(token)
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        # The question first; asking changes nothing, so the address can be reloaded.
        return _private(
            render(request, "visits/withdraw_confirm.html", {"application": application})
        )
    try:
        services.withdraw(application)
    except services.ApplicationClosed:
        return _private(
            render(
                request,
                "visits/status_problem.html",
                {"application": application, "problem": services.CLOSED_MESSAGE},
                status=409,
            )
        )
    return redirect(f"{application.get_status_url()}?withdrawn=1")


@require_http_methods(["GET", "POST"])
def add_document(request, token):
    application = _open_application(token)
    if request.method == "GET":
        # A refused upload answers at this address; reloading it later opens the status page.
        return redirect(application.get_status_url())
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.add_document(application, uploaded=form.cleaned_data["file"])
        except services.ApplicationClosed:
            form.add_error("file", services.CLOSED_MESSAGE)
        except services.TooManyDocuments:
            form.add_error("file", services.TOO_MANY_MESSAGE)
        else:
            # The delegation answered: staff see it and its coordinator is told.
            workflow.reply_received(application, document=document)
            return redirect(f"{application.get_status_url()}?added=1")
    return _status_page(request, application, document_form=form, status=400)


@require_http_methods(["GET", "POST"])
def add_reply(request, token):
    """A message to the division from the status page: the delegation's answer, noticed
    like a document (flagged, in the history, mailed to its coordinator)."""
    application = _open_application(token)
    if request.method == "GET":
        return redirect(application.get_status_url())
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = services.add_reply(application, text=form.cleaned_data["text"])
        except services.ApplicationClosed:
            form.add_error("text", services.CLOSED_MESSAGE)
        except services.TooManyReplies:
            form.add_error("text", services.TOO_MANY_REPLIES_MESSAGE)
        else:
            workflow.reply_received(application, reply=reply)
            return redirect(f"{application.get_status_url()}?replied=1")
    return _status_page(request, application, reply_form=form, status=400)
