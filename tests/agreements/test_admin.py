import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.utils import timezone, translation

from agreements.dashboard import panel
from agreements.models import Agreement, AgreementRenewal
from agreements.services import refresh_partner_relationship
from office.groups import EDITOR, VIEWER
from office.models import CalendarToken
from tests.factories import (
    make_agreement,
    make_agreement_kind,
    make_home_party,
    make_partner,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
ADD_URL = "/admin/agreements/agreement/add/"


def inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def agreement_form(*, kind, parties, renewals=(), signatories=(), **fields):
    data = {
        "title_ja": "姉妹都市協定",
        "title_en": "Sister city agreement",
        "slug": "sister-city-agreement",
        "kind": str(kind.pk),
        "date": "2013-11-12",
        "date_precision": "day",
        "date_meaning": "signed",
        "term": "open",
        "staff_status": "",
        "published": "on",
        **fields,
    }
    data.update(
        inline("parties", [{"partner": str(p.pk), "order": str(i)} for i, p in enumerate(parties)])
    )
    data.update(inline("signatories", signatories))
    data.update(inline("renewals", renewals))
    data.update(inline("documents", []))
    return data


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff_user(groups=[EDITOR]))
    return client


def post(client, data):
    return client.post(ADD_URL, data, headers={"accept-language": "en"})


def test_staff_add_a_three_party_agreement_and_the_partners_follow(editor_client):
    kind = make_agreement_kind()
    home = make_home_party()
    grenoble = make_partner()
    metropole = make_partner()
    response = post(editor_client, agreement_form(kind=kind, parties=[home, grenoble, metropole]))
    assert response.status_code == 302, response.context["errors"]
    agreement = Agreement.objects.get()
    assert list(agreement.parties.values_list("partner", flat=True)) == [
        home.pk,
        grenoble.pk,
        metropole.pk,
    ]
    grenoble.refresh_from_db()
    assert grenoble.agreement_kind == kind
    assert grenoble.relationship_since == D(2013, 11, 12)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("twice", "is listed twice as a party."),
        ("no_home", "An agreement needs the home city (or a predecessor) as a party."),
        ("renewal_before", "A renewal cannot be dated before the agreement."),
        ("year_with_day", "A date known only to the year cannot have a month or a day"),
        ("end_before_start", "An agreement cannot end before it starts."),
    ],
)
def test_the_admin_rejects_each_rule_with_its_message_and_saves_nothing(
    editor_client, case, message
):
    kind = make_agreement_kind()
    home = make_home_party()
    partner = make_partner()
    parties = [home, partner]
    extra = {}
    renewals = []
    if case == "twice":
        parties = [home, partner, partner]
    elif case == "no_home":
        parties = [partner, make_partner()]
    elif case == "renewal_before":
        renewals = [{"renewed_on": "2013-11-11", "renewed_on_precision": "day"}]
    elif case == "year_with_day":
        extra = {"date_precision": "year"}
    elif case == "end_before_start":
        extra = {"term": "fixed", "expires_on": "2013-11-11"}
    response = post(
        editor_client, agreement_form(kind=kind, parties=parties, renewals=renewals, **extra)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.exists()
    assert not AgreementRenewal.objects.exists()


def test_the_rules_speak_japanese_in_the_japanese_admin(editor_client):
    kind = make_agreement_kind()
    partner = make_partner()
    data = agreement_form(kind=kind, parties=[partner, make_partner()])
    response = editor_client.post(ADD_URL, data, headers={"accept-language": "ja"})
    assert "協定の当事者に本市（または合併前の町村）を含めてください。" in response.content.decode()


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_the_dashboard_counts_whats_due_and_links_to_the_filtered_lists():
    on = D(2026, 11, 23)
    make_agreement(title_en="Ends soon", date=D(2020, 1, 1), expires_on=D(2027, 2, 1))
    make_agreement(title_en="Ends later", date=D(2020, 1, 1), expires_on=D(2027, 6, 1))
    make_agreement(title_en="Milan", date=D(1981, 1, 1), date_precision="year")
    with translation.override("en"):
        html = panel(request_for(make_staff_user(groups=[VIEWER])), on=on)
    assert "1 agreement ending within 180 days" in html
    assert "Ends soon" in html and "Ends later" not in html.split("renewal")[0]
    assert "1 renewal due" in html
    assert "1 anniversary in the next 12 months" in html
    assert "45 years, 1981" not in html  # the year of the anniversary, not the first
    assert "45 years, 2026" in html
    assert "?due=expiring" in html and "?due=renewal" in html and "?due=anniversary" in html


def test_the_dashboard_and_its_filter_name_the_expiry_window_they_use(editor_client, monkeypatch):
    import agreements.admin
    import agreements.dashboard

    for module in (agreements.admin, agreements.dashboard):
        monkeypatch.setattr(module, "EXPIRY_WINDOW", datetime.timedelta(days=300))
    # The changelist's filter reads today's date.
    on = timezone.localdate()
    for title, days in (("Ends soon", 100), ("Ends later", 250), ("Ends next year", 400)):
        make_agreement(
            title_en=title, date=D(2020, 1, 1), expires_on=on + datetime.timedelta(days=days)
        )
    with translation.override("en"):
        html = panel(request_for(make_staff_user(groups=[VIEWER])), on=on)
    assert "2 agreements ending within 300 days" in html
    changelist = editor_client.get(
        "/admin/agreements/agreement/?due=expiring", headers={"accept-language": "en"}
    ).content.decode()
    assert "ending within 300 days" in changelist
    assert "Ends later" in changelist and "Ends next year" not in changelist


def test_the_dashboard_is_empty_for_staff_who_cannot_view_agreements():
    make_agreement(date=D(2020, 1, 1), expires_on=D(2027, 2, 1))
    assert panel(request_for(make_staff_user()), on=D(2026, 11, 23)) == ""


def test_the_admin_index_shows_the_panel(client):
    client.force_login(make_staff_user(superuser=True))
    response = client.get("/admin/", headers={"accept-language": "en"})
    assert "Agreements: what is due" in response.content.decode()


def test_the_agreement_list_filters_and_shows_the_kind_of_agreement(client):
    make_agreement(kind=make_agreement_kind(slug="sister-city"))
    make_agreement(kind=make_agreement_kind(slug="friendship-city"))
    client.force_login(make_staff_user(superuser=True))
    page = client.get("/admin/agreements/agreement/", headers={"accept-language": "en"})
    page = page.content.decode()
    assert 'data-filter-title="kind of agreement"' in page
    assert ">Kind of agreement</a>" in page


def test_the_due_filter_lists_the_agreements_ending_soon(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
    make_agreement(title_en="Ends soon", date=D(2020, 1, 1), expires_on=D(2027, 2, 1))
    make_agreement(title_en="Open-ended one", date=D(2020, 1, 1))
    client.force_login(make_staff_user(superuser=True))
    page = client.get(
        "/admin/agreements/agreement/?due=expiring", headers={"accept-language": "en"}
    ).content.decode()
    assert "Ends soon" in page
    assert "Open-ended one" not in page


def test_staff_see_their_calendar_address(client):
    user = make_staff_user(groups=[VIEWER])
    client.force_login(user)
    page = client.get("/admin/agreements/agreement/calendar/").content.decode()
    token = CalendarToken.objects.get(user=user).token
    assert f"/calendar/{token}.ics" in page


def test_the_calendar_page_is_refused_without_the_agreement_permission(client):
    user = make_staff_user()
    user.user_permissions.add(Permission.objects.get(codename="view_partner"))
    client.force_login(user)
    assert client.get("/admin/agreements/agreement/calendar/").status_code == 403


def test_the_add_and_change_pages_open_for_an_editor(editor_client):
    agreement = make_agreement(
        signatory_count=1, documents=[{"title_ja": "協定書", "public": True}]
    )
    assert editor_client.get(ADD_URL).status_code == 200
    change = f"/admin/agreements/agreement/{agreement.pk}/change/"
    assert editor_client.get(change).status_code == 200
    assert editor_client.get("/admin/agreements/agreement/").status_code == 200


def test_removing_a_partner_in_the_admin_refreshes_that_partner_too(editor_client):
    kind = make_agreement_kind()
    home = make_home_party()
    kept, removed = make_partner(), make_partner()
    agreement = make_agreement(home=home, partners=[kept, removed], kind=kind)
    refresh_partner_relationship(removed)
    removed.refresh_from_db()
    assert removed.agreement_kind == kind
    parties = list(agreement.parties.all())
    data = agreement_form(kind=kind, parties=[], slug=agreement.slug)
    data.update(inline("parties", []))
    data["parties-TOTAL_FORMS"] = data["parties-INITIAL_FORMS"] = str(len(parties))
    for index, party in enumerate(parties):
        data[f"parties-{index}-id"] = str(party.pk)
        data[f"parties-{index}-agreement"] = str(agreement.pk)
        data[f"parties-{index}-partner"] = str(party.partner_id)
        data[f"parties-{index}-order"] = str(index)
    data["parties-2-DELETE"] = "on"
    response = editor_client.post(
        f"/admin/agreements/agreement/{agreement.pk}/change/",
        data,
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302, response.context["errors"]
    assert list(agreement.parties.values_list("partner", flat=True)) == [home.pk, kept.pk]
    kept.refresh_from_db()
    assert kept.agreement_kind == kind
    # The removed partner has no agreements left: it keeps what it had, untouched.
    removed.refresh_from_db()
    assert removed.agreement_kind == kind


def test_a_signatory_must_sign_for_one_of_the_parties(editor_client):
    kind = make_agreement_kind()
    home, partner, stranger = make_home_party(), make_partner(), make_partner(name_en="Nowhere")
    signatories = [{"party": str(stranger.pk), "name_ja": "署名者", "order": "0"}]
    data = agreement_form(kind=kind, parties=[home, partner], signatories=signatories)
    response = post(editor_client, data)
    assert "Nowhere is not a party to this agreement." in response.content.decode()
    assert not Agreement.objects.exists()
    signatories[0]["party"] = str(partner.pk)
    data = agreement_form(kind=kind, parties=[home, partner], signatories=signatories)
    assert post(editor_client, data).status_code == 302
    assert Agreement.objects.get().signatories.get().party == partner


def test_a_partners_relationship_is_read_only_in_its_admin_once_it_has_agreements(client):
    from tests.factories import make_agreement, make_partner, make_staff_user

    client.force_login(make_staff_user(superuser=True))
    without = make_partner(slug="without-agreements")
    page = client.get(f"/admin/cities/partner/{without.pk}/change/").content.decode()
    assert 'name="agreement_kind"' in page
    partner = make_partner(slug="with-agreements")
    make_agreement(partners=[partner])
    page = client.get(f"/admin/cities/partner/{partner.pk}/change/").content.decode()
    assert 'name="agreement_kind"' not in page
    assert "協定から自動で決まります" in page  # the note, in the admin's default Japanese
