"""Agreements for generate_scale_data (visits/management/commands/generate_scale_data.py).

Fake but plausible: each links the home city with one or two generated partners, in every
type, date precision, term and staff status, some of them renewed.
"""

import datetime

from agreements.models import Agreement, AgreementParty, AgreementRenewal
from cities.models import AgreementKind, Partner


def make_agreements(rng, count, partner_ids):
    if not count or not partner_ids:
        return 0
    home = Partner.objects.filter(is_home=True).first() or Partner.objects.create(
        slug="scale-home", name_ja="本市", name_en="Home City", country="JP", is_home=True
    )
    types = list(AgreementKind.objects.all())
    first = Agreement.objects.filter(slug__startswith="scale-").count()
    agreements = []
    partners_of = []
    for number in range(first + 1, first + count + 1):
        kind = rng.choice(types)
        precision = rng.choice(["day", "day", "month", "year"])
        date = datetime.date(rng.randint(1957, 2026), rng.randint(1, 12), rng.randint(1, 28))
        if precision == "month":
            date = date.replace(day=1)
        elif precision == "year":
            date = date.replace(month=1, day=1)
        fixed = rng.random() < 0.25
        expires = date + datetime.timedelta(days=365 * rng.choice([3, 5, 10])) if fixed else None
        status = rng.choice(["", "", "", "suspended", "terminated", "superseded"])
        agreements.append(
            Agreement(
                slug=f"scale-{number}",
                title_ja=f"{kind.name_ja}協定 第{number}号",
                title_en=f"{kind.name_en} agreement no. {number}",
                kind=kind,
                date=date,
                date_precision=precision,
                term=Agreement.Term.FIXED if fixed else Agreement.Term.OPEN_ENDED,
                expires_on=expires,
                staff_status=status or Agreement.StaffStatus.FROM_DATES,
                terminated_on=date + datetime.timedelta(days=400)
                if status == "terminated"
                else None,
                published=rng.random() < 0.95,
            )
        )
        partners_of.append(rng.sample(partner_ids, min(len(partner_ids), rng.choice([1, 1, 2]))))
    created = Agreement.objects.bulk_create(agreements, batch_size=1000)
    parties, renewals = [], []
    for agreement, partner_pks in zip(created, partners_of, strict=True):
        parties.append(AgreementParty(agreement=agreement, partner=home, order=0))
        for order, pk in enumerate(partner_pks, start=1):
            parties.append(AgreementParty(agreement=agreement, partner_id=pk, order=order))
        if agreement.expires_on and rng.random() < 0.5:
            renewals.append(
                AgreementRenewal(
                    agreement=agreement,
                    renewed_on=agreement.expires_on - datetime.timedelta(days=30),
                    new_expires_on=agreement.expires_on + datetime.timedelta(days=365 * 5),
                )
            )
    AgreementParty.objects.bulk_create(parties, batch_size=2000)
    AgreementRenewal.objects.bulk_create(renewals, batch_size=2000)
    return len(created)
