"""What a fresh database holds from the first day, and what the data migrations leave alone."""

import importlib

import pytest
from django.apps import apps

from cities.models import AgreementKind

pytestmark = pytest.mark.django_db

standard_kinds = importlib.import_module("cities.migrations.0007_standard_agreement_kinds")

STANDARD_SLUGS = [
    "sister-city",
    "friendship-city",
    "partnership-city",
    "friendship-cooperation",
    "sister-port",
    "mou",
    "letter-of-intent",
    "joint-statement",
    "joint-communique",
    "declaration",
]


def test_a_fresh_database_has_the_standard_agreement_kinds_in_order():
    kinds = list(AgreementKind.objects.all())
    assert [kind.slug for kind in kinds] == STANDARD_SLUGS
    assert [kind.slug for kind in kinds if kind.is_sister_city] == ["sister-city"]
    communique = AgreementKind.objects.get(slug="joint-communique")
    assert (communique.name_ja, communique.name_en) == ("共同コミュニケ", "Joint communiqué")


def test_the_kinds_migration_run_again_adds_nothing_and_keeps_a_staff_renamed_kind():
    AgreementKind.objects.filter(slug="mou").update(name_ja="覚書（MOU）", order=99)
    standard_kinds.add_standard_agreement_kinds(apps, schema_editor=None)
    assert AgreementKind.objects.count() == len(STANDARD_SLUGS)
    mou = AgreementKind.objects.get(slug="mou")
    assert (mou.name_ja, mou.order) == ("覚書（MOU）", 99)
