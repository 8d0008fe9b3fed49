import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from exchanges.models import Exchange, ExchangeKind, recent_for_partners
from tests.factories import make_exchange, make_partner

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_new_database_has_the_kinds_of_exchange_in_both_languages():
    kinds = list(ExchangeKind.objects.values_list("slug", "name_ja", "name_en"))
    assert [slug for slug, _, _ in kinds] == [
        "delegation-received",
        "delegation-sent",
        "youth-exchange",
        "online-exchange",
        "cultural-event",
        "sports",
        "business-mission",
        "study-visit",
    ]
    assert all(name_ja and name_en for _, name_ja, name_en in kinds)


def test_a_date_known_only_to_the_year_cannot_have_a_day():
    with pytest.raises(ValidationError) as error:
        make_exchange(starts_on=D(2019, 5, 4), starts_on_precision="year")
    assert "starts_on" in error.value.message_dict


def test_an_exchange_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as error:
        make_exchange(starts_on=D(2026, 8, 3), ends_on=D(2026, 8, 1))
    assert "ends_on" in error.value.message_dict


def test_a_published_exchange_needs_its_english_title():
    with pytest.raises(ValidationError) as error:
        make_exchange(title_en="", published=True)
    assert "title_en" in error.value.message_dict
    make_exchange(title_en="", published=False)  # a draft may wait for it


def test_a_period_shows_both_ends_as_far_as_they_are_known():
    exchange = make_exchange(
        starts_on=D(2026, 8, 3), ends_on=D(2026, 9, 1), ends_on_precision="month"
    )
    with translation.override("en"):
        assert exchange.period_display == "3 August 2026 – September 2026"
    with translation.override("ja"):
        assert exchange.period_display == "2026年8月3日～2026年9月"


def test_an_exchange_in_a_fifth_year_of_the_relationship_is_an_anniversary():
    partner = make_partner(relationship_since=D(1999, 10, 16))
    assert make_exchange(starts_on=D(2019, 1, 1)).anniversary_years(partner) == 20
    assert make_exchange(starts_on=D(2021, 1, 1)).anniversary_years(partner) is None
    assert make_exchange(starts_on=D(1999, 10, 20)).anniversary_years(partner) is None


def test_recent_exchanges_of_partners_go_back_five_years(django_assert_num_queries):
    partner, other = make_partner(), make_partner()
    recent = make_exchange(partners=[partner], starts_on=D(2024, 5, 1))
    make_exchange(partners=[partner], starts_on=D(2019, 5, 1))  # more than five years
    make_exchange(partners=[other], starts_on=D(2025, 5, 1))
    with django_assert_num_queries(1):
        found = recent_for_partners([partner.pk], on=D(2026, 11, 28))
    assert found == {partner.pk: [recent]}


def test_a_fiscal_year_leaves_out_dates_known_only_to_the_year():
    in_year = make_exchange(starts_on=D(2027, 3, 1), starts_on_precision="month")
    make_exchange(starts_on=D(2027, 1, 1), starts_on_precision="year")
    make_exchange(starts_on=D(2027, 4, 1))
    assert list(Exchange.objects.in_fiscal_year(D(2026, 4, 1), D(2027, 3, 31))) == [in_year]
