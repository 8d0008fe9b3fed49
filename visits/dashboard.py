"""The visits panels on the admin's first page: what needs a coordinator today, and,
on a new site, what must be set before delegations can apply."""

import datetime

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from cities.models import HomeCity
from visits.models import VisitApplication, VisitRules
from visits.rules import missing_for_applications

Status = VisitApplication.Status


def panel(request):
    if not request.user.has_perm("visits.view_visitapplication"):
        return ""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    sunday = monday + datetime.timedelta(days=6)
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    applications = VisitApplication.objects

    def among(queryset):
        # A subquery inside the one aggregate: the panel stays a single query.
        return Q(pk__in=queryset.values("pk"))

    open_statuses = ",".join(VisitApplication.OPEN_STATUSES)
    counts = applications.order_by().aggregate(
        mine=Count(
            "pk",
            filter=Q(handled_by=request.user, status__in=VisitApplication.OPEN_STATUSES),
        ),
        new=Count("pk", filter=Q(status=Status.NEW)),
        replies=Count("pk", filter=among(applications.reply_received())),
        waiting=Count("pk", filter=among(applications.waiting_for_delegation())),
        overdue=Count("pk", filter=among(applications.overdue(on=today))),
        week=Count(
            "pk", filter=among(applications.visits().filter(visit_on__range=(monday, sunday)))
        ),
        month=Count(
            "pk", filter=among(applications.visits().filter(visit_on__range=(first, last)))
        ),
    )
    changelist = reverse("admin:visits_visitapplication_changelist")

    def link(**params):
        return f"{changelist}?{urlencode(params)}"

    def visits_between(start, end):
        # The admin's status filter takes a comma-separated list.
        visit_statuses = ",".join(VisitApplication.VISIT_STATUSES)
        return link(status__in=visit_statuses, visit_on__gte=start, visit_on__lte=end)

    # In the order a coordinator works through them in the morning.
    items = [
        ("mine", counts["mine"], link(handled_by="me", status__in=open_statuses)),
        ("new", counts["new"], link(status__exact=Status.NEW)),
        ("replies", counts["replies"], link(reply="received")),
        ("overdue", counts["overdue"], link(reply="overdue")),
        ("waiting", counts["waiting"], link(reply="waiting")),
        ("week", counts["week"], visits_between(monday, sunday)),
        ("month", counts["month"], visits_between(first, last)),
    ]
    return render_to_string("admin/visits/dashboard_panel.html", {"items": items}, request=request)


def setup_panel(request):
    """ "Set up Twinning": each thing still missing, with the admin page that sets it.

    Gone once the division can be reached and delegations can apply.
    """
    user = request.user
    if not (user.has_perm("cities.change_homecity") or user.has_perm("visits.change_visitrules")):
        return ""
    home = HomeCity.current()
    items = []
    if home is None or not home.has_contact:
        url = (
            reverse("admin:cities_homecity_add")
            if home is None
            else reverse("admin:cities_homecity_change", args=[home.pk])
        )
        items.append(("contact", url))
    rules = VisitRules.current()
    urls = {
        "time_slot": reverse("admin:visits_timeslot_changelist"),
        "notification": reverse("admin:visits_visitrules_change", args=[rules.pk]),
    }
    items += [(key, urls[key]) for key in missing_for_applications(rules)]
    if not items:
        return ""
    return render_to_string("admin/visits/setup_panel.html", {"items": items}, request=request)
