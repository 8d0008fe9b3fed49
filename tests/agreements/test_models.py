import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import translation

from agreements.models import Agreement, AgreementRenewal, Status
from tests.factories import make_agreement, make_home_party, make_partner, make_staff_user

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English unless a test says otherwise."""
    with translation.override("en"):
        yield


def status_on(agreement, day):
    return Agreement.objects.with_status(on=day).get(pk=agreement.pk).status_on_day


def test_a_fixed_term_agreement_is_in_force_through_its_last_day_and_expired_the_next():
    agreement = make_agreement(date=D(2020, 4, 1), expires_on=D(2025, 3, 31))
    assert status_on(agreement, D(2020, 3, 31)) == Status.NOT_YET_IN_FORCE
    assert status_on(agreement, D(2020, 4, 1)) == Status.IN_FORCE
    assert status_on(agreement, D(2025, 3, 31)) == Status.IN_FORCE
    assert status_on(agreement, D(2025, 4, 1)) == Status.EXPIRED
    assert list(Agreement.objects.in_force(on=D(2025, 3, 31))) == [agreement]
    assert list(Agreement.objects.in_force(on=D(2025, 4, 1))) == []


def test_an_open_ended_agreement_stays_in_force():
    agreement = make_agreement(date=D(1984, 1, 1), date_precision="year")
    assert status_on(agreement, D(2126, 1, 1)) == Status.IN_FORCE


def test_a_renewal_moves_the_end_date_on():
    agreement = make_agreement(date=D(2002, 10, 1), expires_on=D(2005, 9, 30))
    AgreementRenewal.objects.create(
        agreement=agreement, renewed_on=D(2005, 9, 1), new_expires_on=D(2008, 9, 30)
    )
    assert status_on(agreement, D(2006, 1, 1)) == Status.IN_FORCE
    assert status_on(agreement, D(2008, 10, 1)) == Status.EXPIRED


def test_staff_set_statuses_win_over_the_dates():
    suspended = make_agreement(date=D(2010, 1, 1), staff_status="suspended")
    superseded = make_agreement(date=D(2010, 1, 1), staff_status="superseded")
    terminated = make_agreement(
        date=D(2010, 1, 1), staff_status="terminated", terminated_on=D(2020, 6, 30)
    )
    assert status_on(suspended, D(2015, 1, 1)) == Status.SUSPENDED
    assert status_on(superseded, D(2015, 1, 1)) == Status.SUPERSEDED
    assert status_on(terminated, D(2020, 6, 29)) == Status.IN_FORCE
    assert status_on(terminated, D(2020, 6, 30)) == Status.TERMINATED


def test_a_proposal_is_not_yet_in_force():
    proposal = make_agreement(date=D(1987, 1, 1), date_precision="year", date_meaning="proposed")
    assert status_on(proposal, D(2026, 11, 23)) == Status.NOT_YET_IN_FORCE


def test_expiring_lists_agreements_ending_within_180_days_inclusive():
    on = D(2026, 11, 23)
    inside = make_agreement(date=D(2020, 1, 1), expires_on=on + datetime.timedelta(days=180))
    make_agreement(date=D(2020, 1, 1), expires_on=on + datetime.timedelta(days=181))
    today = make_agreement(date=D(2020, 1, 1), expires_on=on)
    make_agreement(date=D(2020, 1, 1), expires_on=on - datetime.timedelta(days=1))
    assert list(Agreement.objects.expiring(on=on)) == [today, inside]


def test_renewals_due_include_those_ending_within_90_days_and_those_that_lapsed_this_year():
    on = D(2026, 11, 23)
    soon = make_agreement(date=D(2020, 1, 1), expires_on=on + datetime.timedelta(days=90))
    make_agreement(date=D(2020, 1, 1), expires_on=on + datetime.timedelta(days=91))
    lapsed = make_agreement(date=D(2020, 1, 1), expires_on=on - datetime.timedelta(days=365))
    make_agreement(date=D(2020, 1, 1), expires_on=on - datetime.timedelta(days=366))
    make_agreement(
        date=D(2020, 1, 1),
        expires_on=on - datetime.timedelta(days=10),
        staff_status="terminated",
        terminated_on=on - datetime.timedelta(days=10),
    )
    assert list(Agreement.objects.due_for_renewal(on=on)) == [lapsed, soon]


# Validation: each rule rejects with its message.


def rule_errors(**values):
    defaults = {
        "title_ja": "協定",
        "title_en": "Agreement",
        "slug": "agreement",
        "kind": make_agreement().kind,
        "date": D(2013, 11, 12),
    }
    agreement = Agreement(**{**defaults, **values})
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    return error.value.message_dict


def test_an_agreement_cannot_end_before_it_starts():
    errors = rule_errors(term="fixed", expires_on=D(2013, 11, 11))
    assert errors["expires_on"] == ["An agreement cannot end before it starts."]


def test_a_year_only_date_cannot_have_a_day():
    errors = rule_errors(date=D(1984, 3, 5), date_precision="year")
    assert errors["date"] == [
        "A date known only to the year cannot have a month or a day: enter 1 January."
    ]


def test_the_rules_speak_japanese_too():
    with translation.override("ja"):
        errors = rule_errors(term="fixed", expires_on=D(2013, 11, 11))
    assert errors["expires_on"] == ["協定の終了日を開始日より前にすることはできません。"]


def test_a_fixed_term_needs_its_end_date():
    errors = rule_errors(term="fixed")
    assert errors["expires_on"] == ["Enter the date a fixed-term agreement ends."]


def test_the_database_refuses_an_end_before_the_start_too():
    agreement = make_agreement(date=D(2013, 11, 12))
    agreement.expires_on = D(2013, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_a_renewal_cannot_be_dated_before_the_agreement():
    agreement = make_agreement(date=D(2013, 11, 12))
    renewal = AgreementRenewal(agreement=agreement, renewed_on=D(2013, 11, 11))
    with pytest.raises(ValidationError) as error:
        renewal.full_clean()
    assert error.value.message_dict["renewed_on"] == [
        "A renewal cannot be dated before the agreement."
    ]
    assert not AgreementRenewal.objects.exists()


def test_a_party_listed_twice_is_refused():
    home = make_home_party()
    partner = make_partner(name_en="Grenoble")
    with pytest.raises(ValidationError) as error:
        Agreement.check_parties([home, partner, partner])
    assert error.value.messages == ["Grenoble is listed twice as a party."]


def test_an_agreement_without_the_home_side_is_refused():
    with pytest.raises(ValidationError) as error:
        Agreement.check_parties([make_partner(), make_partner()])
    assert error.value.messages == [
        "An agreement needs the home city (or a predecessor) as a party."
    ]


def test_three_parties_with_the_home_side_are_accepted():
    Agreement.check_parties([make_home_party(), make_partner(), make_partner()])


def test_a_signatory_must_sign_for_one_of_the_parties():
    home, grenoble = make_home_party(), make_partner(name_en="Grenoble")
    bochum = make_partner(name_en="Bochum")
    Agreement.check_signatories([home, grenoble], [home, grenoble, grenoble])
    with pytest.raises(ValidationError) as error:
        Agreement.check_signatories([home, grenoble], [grenoble, bochum])
    assert error.value.messages == ["Bochum is not a party to this agreement."]


def test_a_document_shows_to_the_public_only_if_public_and_its_agreement_published():
    documents = [{"title_ja": "協定書", "public": True}, {"title_ja": "内部資料", "public": False}]
    public, staff_only = make_agreement(documents=documents).documents.order_by("pk")
    unpublished = make_agreement(published=False, documents=documents[:1]).documents.get()
    visitor = AnonymousUser()
    assert public.is_visible_to(visitor)
    assert not staff_only.is_visible_to(visitor)
    assert not unpublished.is_visible_to(visitor)
    assert not staff_only.is_visible_to(make_staff_user())


def test_staff_with_the_permission_see_every_document():
    agreement = make_agreement(published=False, documents=[{"title_ja": "内部資料"}])
    user = make_staff_user()
    user.user_permissions.add(Permission.objects.get(codename="view_agreementdocument"))
    assert agreement.documents.get().is_visible_to(user)


@pytest.mark.parametrize(
    ("language", "expected"), [("en", ["Bochum", "Zagreb"]), ("ja", ["ザグレブ", "ボーフム"])]
)
def test_the_public_order_sorts_partners_by_their_name_in_the_active_language(language, expected):
    home = make_home_party()
    make_agreement(home=home, partners=[make_partner(name_en="Zagreb", name_ja="ザグレブ")])
    make_agreement(home=home, partners=[make_partner(name_en="Bochum", name_ja="ボーフム")])
    with translation.override(language):
        agreements = Agreement.objects.sorted_for_public("partner")
        assert [a.partner_name for a in agreements] == expected


def test_an_unknown_public_sort_falls_back_to_the_partners_names():
    home = make_home_party()
    make_agreement(home=home, partners=[make_partner(name_en="Zagreb")], date=D(1990, 1, 1))
    make_agreement(home=home, partners=[make_partner(name_en="Bochum")], date=D(2000, 1, 1))
    assert [a.partner_name for a in Agreement.objects.sorted_for_public("evil")] == [
        "Bochum",
        "Zagreb",
    ]


def test_the_lineage_runs_oldest_first_across_a_change_of_home_side_in_one_query(
    django_assert_num_queries,
):
    yatabe, tsukuba = make_home_party(name_en="Yatabe"), make_home_party(name_en="Tsukuba")
    irvine = make_partner(name_en="Irvine")
    letter = make_agreement(home=yatabe, partners=[irvine], date=D(1984, 1, 1))
    sister = make_agreement(home=tsukuba, partners=[irvine], date=D(1989, 1, 1), supersedes=letter)
    renewal = make_agreement(home=tsukuba, partners=[irvine], date=D(2009, 1, 1), supersedes=sister)
    make_agreement(home=tsukuba, partners=[irvine], date=D(2010, 1, 1))  # not in the chain
    make_agreement(home=tsukuba, date=D(1990, 1, 1), supersedes=letter)  # another partner's
    with django_assert_num_queries(1):
        chain = sister.lineage()
    assert chain == [letter, sister, renewal]


def test_an_agreement_that_stands_alone_has_no_lineage():
    assert make_agreement().lineage() == []


@pytest.mark.parametrize(
    ("language", "precision", "expected"),
    [
        ("en", "day", "12 November 2013"),
        ("ja", "day", "2013年11月12日"),
        ("en", "month", "June 2004"),
        ("ja", "month", "2004年6月"),
        ("en", "year", "1984"),
        ("ja", "year", "1984年"),
    ],
)
def test_agreement_dates_render_to_their_precision(language, precision, expected):
    dates = {"day": D(2013, 11, 12), "month": D(2004, 6, 1), "year": D(1984, 1, 1)}
    agreement = make_agreement(date=dates[precision], date_precision=precision)
    template = Template("{% load twinning %}{{ a.date|partial_date:a.date_precision }}")
    with translation.override(language):
        assert template.render(Context({"a": agreement})) == expected
