import io

import pytest
from django.core.management import call_command

from exchanges.models import Exchange, ExchangeKind
from visits.models import VisitApplication

pytestmark = pytest.mark.django_db


def load(*args):
    call_command("load_demo", *args, stdout=io.StringIO())


def test_the_demo_records_the_seed_exchanges_and_the_visited_applications():
    load()
    assert Exchange.objects.filter(visit_application__isnull=True).count() == 10
    visited = VisitApplication.objects.filter(status=VisitApplication.Status.VISITED)
    recorded = Exchange.objects.filter(visit_application__in=visited)
    assert recorded.count() == visited.count() == 2
    daejeon = Exchange.objects.filter(partners__slug="daejeon")
    assert daejeon.filter(kind__slug="youth-exchange").count() == 2
    assert Exchange.objects.filter(partners__slug="grenoble-alpes-metropole").exists()


def test_loading_the_demo_twice_changes_nothing():
    load()
    before = list(Exchange.objects.order_by("slug").values())
    history = Exchange.history.count()
    load()
    assert list(Exchange.objects.order_by("slug").values()) == before
    assert Exchange.history.count() == history


def test_osaka_on_top_of_tsukuba_loads():
    load()
    load("osaka")
    assert Exchange.objects.count() == 12


def test_the_demo_loads_on_a_database_without_the_kinds():
    ExchangeKind.objects.all().delete()
    load()
    assert ExchangeKind.objects.count() == 8
    assert Exchange.objects.count() == 12
