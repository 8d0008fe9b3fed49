"""The partner choice of the visit form (cities.forms.PartnerField)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cities.forms import PartnerChoiceWidget, PartnerField
from cities.models import Partner
from tests.factories import make_partner

pytestmark = pytest.mark.django_db


def field():
    return PartnerField(queryset=Partner.objects.in_directory(), required=False)


def test_a_short_directory_is_offered_as_a_list():
    grenoble = make_partner(name_en="Grenoble")
    html = field().widget.render("partner", None)
    assert html.startswith("<select")
    assert f'<option value="{grenoble.pk}">' in html


def test_a_long_directory_is_a_box_to_type_the_name_in(client, applications_open):
    Partner.objects.bulk_create(
        Partner(
            slug=f"town-{n}", name_ja=f"町{n}", name_en=f"Town {n}", country="FR", published=True
        )
        for n in range(PartnerChoiceWidget.SHORT_LIST + 1)
    )
    html = field().widget.render("partner", None)
    assert html.startswith('<input type="text" name="partner"')
    page = client.get(reverse("visits:apply")).content.decode()
    assert 'name="partner"' in page and "<option" not in page.split('name="partner"')[1][:200]
    assert page.count("Town ") == 0  # no list of hundreds of names


@pytest.mark.parametrize("typed", ["Grenoble", "grenoble", "グルノーブル", "Ｇｒｅｎｏｂｌｅ"])
def test_a_typed_name_in_either_language_is_the_partner(typed):
    grenoble = make_partner(name_ja="グルノーブル", name_en="Grenoble")
    assert field().clean(typed) == grenoble


def test_the_list_still_sends_the_partners_key():
    grenoble = make_partner(name_en="Grenoble")
    assert field().clean(str(grenoble.pk)) == grenoble
    assert field().clean("") is None


def test_an_unknown_or_unpublished_name_is_a_clear_error():
    make_partner(name_en="Secret town", published=False)
    for typed in ("Atlantis", "Secret town"):
        with translation.override("en"), pytest.raises(ValidationError, match="No partner"):
            field().clean(typed)
