"""What changes or reads across agreements and partners."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from agreements.models import (
    ANNIVERSARY_STEP,
    ANNIVERSARY_WINDOW,
    Agreement,
    AgreementParty,
    Status,
    period_end,
)
from cities.models import Partner


def refresh_partner_relationship(partner, *, on=None):
    """Write one partner's agreement kind, since-date and status from its agreements.

    refresh_partner_relationships for a single partner; see there for the rules.
    """
    refresh_partner_relationships([partner], on=on)
    return partner


@transaction.atomic
def refresh_partner_relationships(partners, *, on=None):
    """Write each partner's agreement kind, since-date and status from its agreements.

    "Since" is the date of the first agreement; the type is that of the most significant
    agreement in force (the latest of equals). With none in force the relationship is
    suspended (if the latest agreement is) or ended. A partner without agreements keeps
    what staff entered; the home side has no relationship of its own and is skipped.

    Reads all the partners' agreements in two queries, however many partners there
    are. Returns the partners whose record changed, each with a row in its history.
    """
    partners = [partner for partner in partners if not partner.is_home]
    if not partners:
        return []
    on = on or timezone.localdate()
    links = AgreementParty.objects.filter(partner__in=partners).values_list(
        "partner_id", "agreement_id"
    )
    parties_of = defaultdict(list)
    for partner_id, agreement_id in links:
        parties_of[agreement_id].append(partner_id)
    agreements = (
        Agreement.objects.filter(pk__in=parties_of.keys())
        .exclude(date_meaning=Agreement.DateMeaning.PROPOSED)
        .with_status(on=on)
        .select_related("kind")
        .order_by("date", "pk")
    )
    agreements_of = defaultdict(list)  # each partner's, in date order
    for agreement in agreements:
        for partner_id in parties_of[agreement.pk]:
            agreements_of[partner_id].append(agreement)
    changed = []
    # One UPDATE per changed column and new value, not per partner: the partners whose
    # agreements lapsed on the same day share their new status and end date. (Django's
    # bulk_update builds a CASE per row and per field, slow for a thousand partners.)
    updates = defaultdict(list)
    now = timezone.now()
    for partner in partners:
        columns = _set_relationship(partner, agreements_of[partner.pk])
        if columns:
            partner.updated_at = now
            changed.append(partner)
            for column in columns:
                updates[column, getattr(partner, column)].append(partner.pk)
    for (column, value), pks in updates.items():
        Partner.objects.filter(pk__in=pks).update(**{column: value}, updated_at=now)
    Partner.history.bulk_history_create(changed, update=True)
    return changed


def _set_relationship(partner, agreements):
    """Set the relationship fields from the agreements (date order).

    Returns the columns that changed (agreement_kind_id for the type).
    """
    if not agreements:
        return []
    first = agreements[0]
    in_force = [a for a in agreements if a.status_on_day == Status.IN_FORCE]
    values = {
        "relationship_since": first.date,
        "relationship_since_precision": first.date_precision,
    }
    if in_force:
        # The most significant type in force (the type list's order: a sister city ranks
        # above a partnership); among equals, the latest agreement's.
        leading = min(in_force, key=lambda a: (a.kind.order, -a.date.toordinal(), -a.pk))
        values.update(
            agreement_kind=leading.kind,
            relationship_status=Partner.RelationshipStatus.ACTIVE,
            relationship_ended_on=None,
        )
    else:
        latest = agreements[-1]
        values["agreement_kind"] = latest.kind
        if latest.status_on_day == Status.SUSPENDED:
            values["relationship_status"] = Partner.RelationshipStatus.SUSPENDED
            values["relationship_ended_on"] = None
        else:
            ends = [a.terminated_on or a.current_expires_on for a in agreements]
            values["relationship_status"] = Partner.RelationshipStatus.ENDED
            values["relationship_ended_on"] = max((end for end in ends if end), default=latest.date)
    # The type is compared by key: reading partner.agreement_kind would be a query.
    current = {name: getattr(partner, name) for name in values if name != "agreement_kind"}
    current["agreement_kind"] = partner.agreement_kind_id
    wanted = {**values, "agreement_kind": values["agreement_kind"].pk}
    changed = [name for name in values if current[name] != wanted[name]]
    for name in changed:
        setattr(partner, name, values[name])
    return [partner._meta.get_field(name).attname for name in changed]


def upcoming_anniversaries(*, on, within=ANNIVERSARY_WINDOW):
    """Five-year anniversaries of the first agreement with each partner, due within `within`.

    A date known only to the year (or month) counts while that year (or month) lasts:
    "the 40th anniversary in 2024". Returns dicts sorted by date.
    """
    firsts = (
        AgreementParty.objects.filter(partner__is_home=False)
        .exclude(agreement__date_meaning=Agreement.DateMeaning.PROPOSED)
        .values("partner")
        .annotate(first_date=Min("agreement__date"))
    )
    first_by_partner = {row["partner"]: row["first_date"] for row in firsts}
    if not first_by_partner:
        return []
    # The agreement behind each first date, for its precision and link.
    candidates = (
        Agreement.objects.filter(
            parties__partner__in=first_by_partner.keys(), date__in=set(first_by_partner.values())
        )
        .values("pk", "slug", "date", "date_precision", "parties__partner")
        .order_by("date", "pk")
    )
    first_agreement = {}
    for row in candidates:
        partner_id = row["parties__partner"]
        if partner_id in first_by_partner and row["date"] == first_by_partner[partner_id]:
            first_agreement.setdefault(partner_id, row)
    partners = Partner.objects.in_bulk(first_agreement.keys())
    results = []
    last_day = on + within
    for partner_id, row in first_agreement.items():
        start = row["date"]
        for year in range(on.year, last_day.year + 1):
            years = year - start.year
            if years <= 0 or years % ANNIVERSARY_STEP:
                continue
            day = _same_day_in(start, year)
            if period_end(day, row["date_precision"]) >= on and day <= last_day:
                results.append(
                    {
                        "partner": partners[partner_id],
                        "agreement_slug": row["slug"],
                        "agreement_id": row["pk"],
                        "years": years,
                        "date": day,
                        "precision": row["date_precision"],
                        "first_date": start,
                    }
                )
    return sorted(results, key=lambda item: (item["date"], item["partner"].slug))


def _same_day_in(value, year):
    try:
        return value.replace(year=year)
    except ValueError:  # 29 February in a common year
        return datetime.date(year, 2, 28)


def refresh_all_partner_relationships(*, on=None):
    """Refresh every partner with agreements: an agreement can lapse without anyone saving it.

    Run daily by agreement_reminders. Returns the number of partners whose record changed.
    """
    partners = Partner.objects.filter(is_home=False, agreement_parties__isnull=False).distinct()
    return len(refresh_partner_relationships(partners, on=on))
