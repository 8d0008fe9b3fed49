"""Abuse of the city's mail: a stranger cannot block a delegation's address with fake
applications, and cannot make the city mail an unbounded text."""

import re

import pytest
from django.core.cache import cache

from office.models import Message
from office.outbox import MAX_BODY_CHARS
from tests.factories import application_form_data
from visits.models import VisitApplication

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("applications_open")]

VICTIM = "protocol@seoul.example"


@pytest.fixture(autouse=True)
def three_per_address(applications_open):
    applications_open.maximum_pending_per_email = 3
    applications_open.save()
    cache.clear()


def apply(client, **answers):
    return client.post("/en/visits/apply/", application_form_data(**answers))


def mailed_status_link(application):
    message = Message.objects.filter(kind="confirmation", about_id=application.pk).get()
    return re.search(r"http://testserver(/en/visits/status/\S+)", message.body).group(1)


def test_a_strangers_three_applications_do_not_block_the_delegations_address(client):
    for _ in range(3):
        fake = apply(client, contact_email=VICTIM)
        client.get(fake["Location"])  # the stranger opens the page they were sent to
    real = apply(client, contact_email=VICTIM)
    assert real.status_code == 302
    assert VisitApplication.objects.filter(contact_email=VICTIM).count() == 4


def test_only_the_mailed_link_confirms_the_address(client):
    response = apply(client, contact_email=VICTIM)
    application = VisitApplication.objects.get()
    client.get(response["Location"])
    application.refresh_from_db()
    assert application.contact_address_confirmed_at is None
    client.get(response["Location"].replace("received=1", "address=forged"))
    application.refresh_from_db()
    assert application.contact_address_confirmed_at is None
    client.get(mailed_status_link(application))
    application.refresh_from_db()
    assert application.contact_address_confirmed_at is not None


def test_the_limit_still_holds_for_an_address_its_owner_confirmed(client):
    for _ in range(3):
        apply(client, contact_email=VICTIM)
    for application in VisitApplication.objects.all():
        client.get(mailed_status_link(application))
    fourth = apply(client, contact_email=VICTIM)
    assert fourth.status_code == 200
    assert "already has 3 open applications" in fourth.content.decode()


def test_the_confirmation_of_the_longest_application_is_bounded(client):
    data = application_form_data(purpose="p" * 5000, other_topics="o" * 2000, headcount="5")
    data["members-TOTAL_FORMS"] = "5"
    for index in range(5):
        data[f"members-{index}-name"] = "n" * 150
    assert client.post("/en/visits/apply/", data).status_code == 302
    message = Message.objects.get(kind="confirmation")
    assert len(message.body) <= MAX_BODY_CHARS
    assert "Dear Lee Ji-woo" in message.body
