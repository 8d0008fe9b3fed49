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
