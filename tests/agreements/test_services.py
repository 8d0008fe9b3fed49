import datetime

import pytest
from django.db import transaction

from agreements.services import (
    refresh_all_partner_relationships,
    refresh_partner_relationship,
    refresh_partner_relationships,
    upcoming_anniversaries,
)
from cities.models import Partner
from tests.factories import make_agreement, make_agreement_kind, make_home_party, make_partner

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_partners_relationship_follows_its_agreements():
    sister = make_agreement_kind(slug="sister-city", order=10)
    partnership = make_agreement_kind(slug="partnership-city", order=30)
    home = make_home_party()
    grenoble = make_partner()
    make_agreement(home=home, partners=[grenoble], kind=sister, date=D(2013, 11, 12))
    make_agreement(home=home, partners=[grenoble], kind=partnership, date=D(2020, 7, 31))
    refresh_partner_relationship(grenoble, on=D(2026, 11, 23))
    grenoble.refresh_from_db()
    # The earliest agreement gives "since"; the sister-city tie outranks the partnership.
    assert grenoble.relationship_since == D(2013, 11, 12)
    assert grenoble.relationship_since_precision == "day"
    assert grenoble.agreement_kind == sister
    assert grenoble.relationship_status == Partner.RelationshipStatus.ACTIVE


def test_among_equal_types_the_latest_agreement_in_force_gives_the_type():
    home = make_home_party()
    partner = make_partner()
    mou = make_agreement_kind(order=50)
    letter = make_agreement_kind(order=50)
    make_agreement(home=home, partners=[partner], kind=mou, date=D(2010, 7, 1))
    make_agreement(home=home, partners=[partner], kind=letter, date=D(2014, 9, 1))
    refresh_partner_relationship(partner, on=D(2026, 11, 23))
    partner.refresh_from_db()
    assert partner.agreement_kind == letter
    assert partner.relationship_since == D(2010, 7, 1)


def test_a_partner_whose_only_agreement_expired_has_an_ended_relationship():
    partner = make_partner()
    make_agreement(partners=[partner], date=D(2002, 10, 1), expires_on=D(2005, 9, 30))
    refresh_partner_relationship(partner, on=D(2006, 1, 1))
    partner.refresh_from_db()
    assert partner.relationship_status == Partner.RelationshipStatus.ENDED
    assert partner.relationship_ended_on == D(2005, 9, 30)


def test_a_suspended_agreement_suspends_the_relationship():
    partner = make_partner()
    make_agreement(partners=[partner], date=D(2002, 10, 1), staff_status="suspended")
    refresh_partner_relationship(partner, on=D(2026, 1, 1))
    partner.refresh_from_db()
    assert partner.relationship_status == Partner.RelationshipStatus.SUSPENDED


def test_a_partner_without_agreements_keeps_what_staff_entered():
    kind = make_agreement_kind()
    partner = make_partner(agreement_kind=kind, relationship_since=D(1999, 1, 1))
    refresh_partner_relationship(partner, on=D(2026, 1, 1))
    partner.refresh_from_db()
    assert partner.agreement_kind == kind
    assert partner.relationship_since == D(1999, 1, 1)


def test_refreshing_twice_writes_no_second_history_row():
    partner = make_partner()
    make_agreement(partners=[partner], date=D(2013, 11, 12))
    refresh_partner_relationship(partner, on=D(2026, 1, 1))
    rows = partner.history.count()
    refresh_partner_relationship(partner, on=D(2026, 1, 1))
    assert partner.history.count() == rows


def test_anniversaries_are_five_year_multiples_of_the_first_agreement_with_a_partner():
    home = make_home_party()
    cambridge = make_partner(name_en="Cambridge")
    make_agreement(home=home, partners=[cambridge], date=D(1984, 1, 1), date_precision="year")
    make_agreement(home=home, partners=[cambridge], date=D(2019, 11, 18))
    [item] = upcoming_anniversaries(on=D(2024, 3, 1))
    assert (item["partner"], item["years"], item["precision"]) == (cambridge, 40, "year")
    [item] = upcoming_anniversaries(on=D(2029, 1, 1))
    assert item["years"] == 45
    assert upcoming_anniversaries(on=D(2026, 11, 23)) == []


def test_a_year_only_anniversary_counts_until_the_end_of_its_year():
    make_agreement(date=D(1981, 1, 1), date_precision="year")
    assert [i["years"] for i in upcoming_anniversaries(on=D(2026, 12, 31))] == [45]
    assert upcoming_anniversaries(on=D(2027, 1, 1)) == []


def test_a_day_anniversary_falls_in_the_window_up_to_twelve_months_ahead():
    make_agreement(date=D(2013, 11, 12))
    # 12 November 2028 is the 15th: in the window from 13 November 2027, not before.
    assert upcoming_anniversaries(on=D(2027, 11, 12)) == []
    assert [i["years"] for i in upcoming_anniversaries(on=D(2027, 11, 13))] == [15]
    assert [i["years"] for i in upcoming_anniversaries(on=D(2028, 11, 12))] == [15]
    assert upcoming_anniversaries(on=D(2028, 11, 13)) == []


def test_a_proposal_does_not_start_the_anniversary_count():
    home = make_home_party()
    irvine = make_partner()
    make_agreement(
        home=home,
        partners=[irvine],
        date=D(1987, 1, 1),
        date_precision="year",
        date_meaning="proposed",
    )
    make_agreement(home=home, partners=[irvine], date=D(1989, 1, 1), date_precision="year")
    assert upcoming_anniversaries(on=D(2027, 6, 1)) == []
    assert [i["years"] for i in upcoming_anniversaries(on=D(2029, 6, 1))] == [40]


def test_refreshing_many_partners_at_once_writes_what_one_at_a_time_writes():
    sister = make_agreement_kind(order=10)
    partnership = make_agreement_kind(order=30)
    home = make_home_party()
    grenoble, bochum, irvine, quiet = make_partner(), make_partner(), make_partner(), make_partner()
    make_agreement(home=home, partners=[grenoble], kind=sister, date=D(2013, 11, 12))
    make_agreement(home=home, partners=[grenoble, bochum], kind=partnership, date=D(2020, 7, 31))
    make_agreement(home=home, partners=[irvine], date=D(2002, 10, 1), expires_on=D(2005, 9, 30))
    partners = [home, grenoble, bochum, irvine, quiet]
    fields = ["agreement_kind", "relationship_since", "relationship_status"]
    fields += ["relationship_ended_on", "relationship_since_precision"]

    def state():
        return list(Partner.objects.order_by("pk").values_list(*fields))

    with transaction.atomic():
        for partner in partners:
            refresh_partner_relationship(partner, on=D(2026, 1, 1))
        one_at_a_time = state()
        transaction.set_rollback(True)
    histories = Partner.history.count()
    refresh_partner_relationships(
        Partner.objects.filter(pk__in=[p.pk for p in partners]), on=D(2026, 1, 1)
    )
    assert state() == one_at_a_time
    assert state() != []
    # Three partners changed (home and the one without agreements did not), each recorded.
    assert Partner.history.count() == histories + 3


@pytest.mark.parametrize("count", [1, 10])
def test_the_daily_refresh_runs_a_fixed_number_of_queries(django_assert_num_queries, count):
    home, kind = make_home_party(), make_agreement_kind()
    for year in range(2000, 2000 + count):
        make_agreement(
            home=home,
            partners=[make_partner()],
            kind=kind,
            date=D(year, 4, 1),
            expires_on=D(2025, 12, 31),
        )
    assert refresh_all_partner_relationships(on=D(2025, 6, 1)) == count
    # Every agreement lapsed on the same day: every partner's relationship ends.
    # 1. the partners with agreements   2. their parties   3. the agreements, with status
    # 4-5. a savepoint and its release   6. "ended" for all   7. the end date for all
    # 8. a history row for each, in one insert
    with django_assert_num_queries(8):
        assert refresh_all_partner_relationships(on=D(2026, 1, 1)) == count
    assert set(
        Partner.objects.filter(is_home=False).values_list(
            "relationship_status", "relationship_ended_on"
        )
    ) == {(Partner.RelationshipStatus.ENDED, D(2025, 12, 31))}
    # The next day nothing changes, and nothing is written.
    with django_assert_num_queries(5):
        assert refresh_all_partner_relationships(on=D(2026, 1, 2)) == 0
