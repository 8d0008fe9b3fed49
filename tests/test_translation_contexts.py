"""One English word, two Japanese ones: each use of an ambiguous msgid has its context."""

import pytest
from django.utils import translation

from agreements.models import Agreement, AgreementDocument, Signatory
from visits.models import DelegationMember


@pytest.mark.parametrize(
    ("model", "field", "japanese"),
    [
        (Agreement, "title", "名称"),  # an agreement's name
        (AgreementDocument, "title", "名称"),
        (Signatory, "title", "役職"),  # a person's position
        (DelegationMember, "title", "役職"),
    ],
)
def test_a_title_is_a_name_or_a_position_by_what_it_belongs_to(model, field, japanese):
    with translation.override("ja"):
        assert str(model._meta.get_field(field).verbose_name) == japanese


@pytest.mark.usefixtures("applications_open")
def test_the_visit_forms_documents_are_papers_not_agreements(client):
    page = client.get("/ja/visits/apply/").content.decode()
    assert "資料" in page
    assert "協定書" not in page


@pytest.mark.django_db
def test_a_visits_place_is_where_it_happens_not_an_address(client):
    import datetime

    from tests.factories import make_visit_application
    from visits.models import VisitApplication

    application = make_visit_application(
        status=VisitApplication.Status.ACCEPTED,
        visit_on=datetime.date(2027, 2, 3),
        visit_place="研究学園駅前 市役所本庁舎",
    )
    page = client.get(f"/ja/visits/status/{application.status_token}/").content.decode()
    assert "<dt>訪問場所</dt>" in page
    assert "<dt>所在地</dt>" not in page
