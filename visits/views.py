from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from office.ratelimit import limited_per_minute, over_the_limit
from visits import rules, services
from visits.forms import ApplicationForm, DocumentForm
from visits.models import (
    BlackoutPeriod,
    TimeSlot,
    VisitApplication,
    VisitRules,
    VisitTopic,
    new_status_token,
)


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


def visit_rules(request):
    today = timezone.localdate()
    current_rules = VisitRules.current()
    return render(
        request,
        "visits/rules.html",
        {
            "rules": current_rules,
            "accepting": rules.accepting_applications(current_rules),
            "slots": TimeSlot.objects.filter(active=True),
            "blackouts": BlackoutPeriod.objects.filter(ends_on__gte=today),
        },
    )


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
        if form.is_valid():
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
                return redirect(f"{application.get_status_url()}?received=1")
    else:
        form = ApplicationForm(
            initial={"submission_key": services.new_submission_key()},
            visit_rules=visit_rules,
            today=today,
        )
    return _render_form(request, form, visit_rules, today)


def _render_form(request, form, visit_rules, today, template=None, status=200):
    browser_rules = rules.for_the_browser(rules=visit_rules, blackouts=form.blackouts, today=today)
    return render(
        request,
        template or "visits/visitapplication_form.html",
        {"form": form, "rules": visit_rules, "browser_rules": browser_rules},
        status=status,
    )


def _open_application(token):
    if not token:
        raise Http404
    return get_object_or_404(
        VisitApplication.objects.select_related("first_choice_slot", "visit_slot"),
        status_token=token,
    )


def status(request, token):
    application = _open_application(token)
    if application.contact_address_confirmed_at is None and constant_time_compare(
        request.GET.get("address", ""), application.address_proof()
    ):
        application.contact_address_confirmed_at = timezone.now()
        application.save(update_fields=["contact_address_confirmed_at"])
    context = {
        "application": application,
        "received": request.GET.get("received") == "1",
        "messages_for_applicant": application.messages.filter(shown_to_recipient=True).order_by(
            "created_at", "pk"
        ),
        "documents": application.documents.all(),
        "document_form": DocumentForm(),
    }
    return _private(render(request, "visits/status.html", context))


@require_POST
def withdraw(request, token):
    application = _open_application(token)
    if request.POST.get("confirm") != "yes":
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
    return redirect(application.get_status_url())


@require_POST
def add_document(request, token):
    application = _open_application(token)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(application, uploaded=form.cleaned_data["file"])
        except services.ApplicationClosed:
            form.add_error("file", services.CLOSED_MESSAGE)
        except services.TooManyDocuments:
            form.add_error("file", services.TOO_MANY_MESSAGE)
        else:
            return redirect(f"{application.get_status_url()}?added=1")
    context = {
        "application": application,
        "messages_for_applicant": application.messages.filter(shown_to_recipient=True),
        "documents": application.documents.all(),
        "document_form": form,
    }
    return _private(render(request, "visits/status.html", context, status=400))
