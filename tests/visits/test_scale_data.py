import io

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from cities.models import Partner
from visits.models import DelegationMember, VisitApplication

pytestmark = pytest.mark.django_db


def test_scale_data_fills_every_status_in_both_languages(demo_data):
    call_command(
        "generate_scale_data", partners=40, agreements=60, applications=300, stdout=io.StringIO()
    )
    agreements = Agreement.objects.filter(slug__startswith="scale-")
    assert agreements.count() == 60
    assert all(a.parties.filter(partner__is_home=True).exists() for a in agreements[:10])
    assert set(agreements.values_list("date_precision", flat=True)) == {"day", "month", "year"}
    partners = Partner.objects.filter(slug__startswith="scale-")
    assert partners.count() == 40
    assert all(p.name_ja and p.name_en for p in partners)
    applications = VisitApplication.objects.filter(reference__contains="-S")
    assert applications.count() == 300
    assert set(applications.values_list("status", flat=True)) == set(VisitApplication.Status.values)
    assert applications.values("reference").distinct().count() == 300
    assert DelegationMember.objects.count() > 300
    assert all(a.topics.exists() for a in applications[:20])


def test_rows_added_after_the_scale_data_get_fresh_ids():
    call_command(
        "generate_scale_data", partners=2, agreements=0, applications=5, stdout=io.StringIO()
    )
    template = VisitApplication.objects.first()
    template.pk = None
    template.reference = "VA-2026-9999"
    template.status_token = "another-token"
    template.save()
    assert template.pk > 5
