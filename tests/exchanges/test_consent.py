"""The delegation's consent to be mentioned on the city's website: optional on the form,
shown on its status page, and the only way its name reaches an exchange record."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import application_form_data, submit_visit_application

pytestmark = pytest.mark.django_db


def test_the_consent_is_optional_and_off_unless_ticked(applications_open):
    assert submit_visit_application().may_mention_visit is False
    assert submit_visit_application(may_mention_visit="on").may_mention_visit is True


def test_the_form_offers_the_consent_with_a_label(client, applications_open):
    with translation.override("en"):
        page = client.get(reverse("visits:apply")).content.decode()
    assert 'name="may_mention_visit"' in page
    assert "the city may mention our visit on its website" in page.lower()


@pytest.mark.parametrize(("ticked", "answer"), [(True, "Yes:"), (False, "No:")])
def test_the_status_page_shows_the_answer(client, applications_open, ticked, answer):
    form = application_form_data(**({"may_mention_visit": "on"} if ticked else {}))
    application = submit_visit_application(form_data=form)
    with translation.override("en"):
        page = client.get(application.get_status_url()).content.decode()
    assert "Mention on the city&#x27;s website" in page or "Mention on the city's website" in page
    assert answer in page
