import pytest

from exchanges.models import Exchange
from exchanges.services import NotVisited, draft_from_visit
from tests.factories import make_partner, make_visit_application, make_visit_topic

pytestmark = pytest.mark.django_db


def visited(**overrides):
    return make_visit_application(status="visited", **overrides)


def test_a_visited_application_becomes_a_draft_exchange_with_its_date_partner_and_people():
    partner = make_partner()
    topic = make_visit_topic()
    application = visited(partner=partner, headcount=7, may_mention_visit=True)
    application.topics.set([topic])
    exchange, created = draft_from_visit(application)
    assert created
    assert not exchange.published
    assert exchange.kind.slug == "delegation-received"
    assert exchange.direction == Exchange.Direction.RECEIVED
    assert exchange.starts_on == application.visit_on
    assert list(exchange.partners.all()) == [partner]
    assert exchange.partner_people == 7
    assert list(exchange.topics.all()) == [topic]
    assert exchange.organisation == application.organisation_name
    assert application.organisation_name in exchange.title_en


def test_nothing_personal_is_copied_into_the_exchange():
    application = visited(may_mention_visit=True)
    application.members.create(name="Aino Example", organisation="Lakeside", title="Mayor")
    exchange, _ = draft_from_visit(application)
    values = Exchange.objects.filter(pk=exchange.pk).values()[0].values()
    record = " ".join(str(value) for value in values)
    personal = [
        application.leader_name,
        application.contact_name,
        application.contact_email,
        application.purpose,
        "Aino Example",
    ]
    assert [text for text in personal if text in record] == []


def test_without_consent_the_organisation_is_not_named():
    application = visited(may_mention_visit=False, country="FR")
    exchange, _ = draft_from_visit(application)
    assert exchange.organisation == ""
    assert application.organisation_name not in exchange.title_ja
    assert application.organisation_name not in exchange.title_en
    assert "France" in exchange.title_en
    assert exchange.country == "FR"


def test_a_visit_is_recorded_once():
    application = visited()
    first, created = draft_from_visit(application)
    again, created_again = draft_from_visit(application)
    assert (created, created_again) == (True, False)
    assert again == first
    assert Exchange.objects.count() == 1


@pytest.mark.parametrize("status", ["new", "accepted", "declined"])
def test_only_a_visit_that_took_place_is_recorded(status):
    application = make_visit_application(status=status)
    with pytest.raises(NotVisited):
        draft_from_visit(application)
    assert not Exchange.objects.exists()


def test_the_exchange_stays_when_the_application_goes():
    application = visited()
    exchange, _ = draft_from_visit(application)
    application.delete()
    exchange.refresh_from_db()
    assert exchange.visit_application is None


def test_a_visit_is_recorded_even_when_staff_removed_its_kind():
    from exchanges.models import ExchangeKind

    ExchangeKind.objects.filter(slug="delegation-received").delete()
    exchange, _ = draft_from_visit(visited())
    assert exchange.kind.slug == "delegation-received"
