"""Recording exchanges: a visit that took place becomes a draft exchange in one step."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from exchanges.models import Exchange, ExchangeKind
from office.dates import DatePrecision
from visits.models import VisitApplication

# The kind a visit to the city is recorded as (seeded by migration 0002; made again if
# staff deleted it, so the button never fails).
RECEIVED_KIND = ("delegation-received", "訪問団の受入れ", "Delegation received")


def received_kind():
    slug, name_ja, name_en = RECEIVED_KIND
    kind, _created = ExchangeKind.objects.get_or_create(
        slug=slug, defaults={"name": name_ja, "name_ja": name_ja, "name_en": name_en}
    )
    return kind


class NotVisited(Exception):
    """Only an application marked visited is an exchange that took place."""

    def __init__(self, application):
        self.application = application
        super().__init__(f"{application.reference} is {application.status}, not visited")


def _title(application, language):
    """'Visit from Grenoble-Alpes Metropole' when the delegation agreed to be named, else
    'Delegation from France (local government)': nothing the delegation did not allow."""
    with translation.override(language):
        if application.may_mention_visit:
            return gettext("Visit from %(organisation)s") % {
                "organisation": application.organisation_name
            }
        return gettext("Delegation from %(country)s (%(kind)s)") % {
            "kind": application.get_organisation_kind_display(),
            "country": application.country.name,
        }


@transaction.atomic
def draft_from_visit(application):
    """The draft exchange recording a visited application; made once, then found again.

    Carries the date, partner, headcount and topics, and the organisation's name only when
    the delegation agreed that the city may mention its visit. No member's name or contact
    is copied, so removing the application's personal data later leaves the record whole.
    Returns (exchange, created).
    """
    application = VisitApplication.objects.select_for_update().get(pk=application.pk)
    existing = Exchange.objects.filter(visit_application=application).first()
    if existing is not None:
        return existing, False
    if application.status != VisitApplication.Status.VISITED:
        raise NotVisited(application)
    day = application.visit_on or application.first_choice_on
    exchange = Exchange.objects.create(
        title_ja=_title(application, "ja"),
        title_en=_title(application, "en"),
        slug=f"visit-{application.reference.lower()}",
        kind=received_kind(),
        direction=Exchange.Direction.RECEIVED,
        starts_on=day,
        starts_on_precision=DatePrecision.DAY,
        country=application.country,
        organisation=application.organisation_name if application.may_mention_visit else "",
        partner_people=application.headcount,
        visit_application=application,
        published=False,
    )
    if application.partner_id:
        exchange.partners.add(application.partner_id)
    exchange.topics.set(application.topics.all())
    return exchange, True
