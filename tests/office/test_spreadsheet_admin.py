"""Import and export in the admin: who may, and what they get."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cities.models import Partner
from office.groups import EDITOR, VIEWER, VISIT_COORDINATOR
from tests.factories import make_partner, make_staff_user, make_visit_application

pytestmark = pytest.mark.django_db


def login(client, group):
    client.force_login(make_staff_user(groups=[group]))


@pytest.mark.parametrize(
    ("group", "can_import"), [(EDITOR, True), (VIEWER, False), (VISIT_COORDINATOR, False)]
)
def test_only_editors_can_import_partners(client, group, can_import):
    login(client, group)
    response = client.get("/admin/cities/partner/import/")
    assert response.status_code == (200 if can_import else 403)


@pytest.mark.parametrize(
    ("group", "can_export"), [(VISIT_COORDINATOR, True), (EDITOR, False), (VIEWER, False)]
)
def test_only_visit_coordinators_can_export_applications(client, group, can_export):
    make_visit_application(organisation_name="Lyon Metropolitan Council")
    login(client, group)
    response = client.get("/admin/visits/visitapplication/export.csv")
    assert response.status_code == (200 if can_export else 403)
    if can_export:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "Lyon Metropolitan Council" in text


def organisation_header():
    from django.utils import translation
    from django.utils.text import capfirst

    from visits.models import VisitApplication

    with translation.override("ja"):
        return str(capfirst(VisitApplication._meta.get_field("organisation_name").verbose_name))


def test_the_application_export_follows_the_lists_filters(client):
    make_visit_application(organisation_name="Accepted Council", status="accepted")
    make_visit_application(organisation_name="New Council")
    login(client, VISIT_COORDINATOR)
    page = client.get("/admin/visits/visitapplication/?status__exact=new").content.decode()
    assert "export.csv?status__exact=new" in page
    response = client.get("/admin/visits/visitapplication/export.csv?status__exact=new")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    organisations = [row[rows[0].index(organisation_header())] for row in rows[1:]]
    assert organisations == ["New Council"]


def test_the_application_export_as_excel_opens(client):
    make_visit_application(organisation_name="=Evil Council")
    login(client, VISIT_COORDINATOR)
    response = client.get("/admin/visits/visitapplication/export.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet[2][header.index(organisation_header())]
    # Text, never a formula, and no apostrophe for staff to see.
    assert (cell.value, cell.data_type) == ("=Evil Council", "s")


def test_an_editor_imports_partners_from_a_japanese_excel_csv_with_a_preview(client):
    login(client, EDITOR)
    content = "slug,name_ja,name_en,country\r\nbochum,ボーフム,Bochum,DE\r\n".encode("cp932")
    preview = client.post(
        "/admin/cities/partner/import/",
        {
            "resource": 0,
            "format": 0,  # CSV for Excel
            "import_file": SimpleUploadedFile("partners.csv", content),
        },
    )
    assert preview.status_code == 200
    assert "Bochum" in preview.content.decode()
    assert not Partner.objects.exists()  # nothing changes before the confirmation
    form = preview.context["confirm_form"]
    client.post("/admin/cities/partner/process_import/", form.initial)
    assert Partner.objects.get(slug="bochum").name_ja == "ボーフム"


def test_an_import_with_a_bad_row_shows_it_and_offers_no_confirmation(client):
    make_partner(slug="grenoble", name_en="Grenoble")
    login(client, EDITOR)
    content = "slug,name_ja,name_en,country,latitude\r\nx,エックス,X,FR,north\r\n".encode()
    preview = client.post(
        "/admin/cities/partner/import/",
        {"resource": 0, "format": 0, "import_file": SimpleUploadedFile("p.csv", content)},
        headers={"accept-language": "en"},
    )
    page = preview.content.decode()
    assert "“north” is not a number" in page
    assert preview.context.get("confirm_form") is None
    assert Partner.objects.count() == 1
    # The staff member's own language: Japanese by default.
    preview = client.post(
        "/admin/cities/partner/import/",
        {"resource": 0, "format": 0, "import_file": SimpleUploadedFile("p.csv", content)},
    )
    assert "「north」は数値ではありません" in preview.content.decode()


def agreement_csv(partners):
    from tests.factories import make_agreement_kind, make_home_party

    make_agreement_kind(slug="sister-city", name_ja="姉妹都市", name_en="Sister city")
    make_home_party(slug="tsukuba", name_ja="つくば市", name_en="Tsukuba")
    return (
        "slug,title_ja,title_en,kind,date,partners,partner_country\r\n"
        f"bochum-2019,ボーフム市との連携協定,Partnership with Bochum,sister-city,2019/11/25,"
        f'"{partners}",DE\r\n'
    ).encode("utf-8-sig")


def post_agreement_import(client, content, **options):
    return client.post(
        "/admin/agreements/agreement/import/",
        {
            "resource": 0,
            "format": 0,
            "import_file": SimpleUploadedFile("agreements.csv", content),
            **options,
        },
        headers={"accept-language": "en"},
    )


def test_an_editor_imports_agreements_and_a_missing_partner_is_reported(client):
    from agreements.models import Agreement

    content = agreement_csv("tsukuba; Bochum")
    login(client, EDITOR)
    preview = post_agreement_import(client, content)
    assert "Bochum" in preview.content.decode()
    assert preview.context.get("confirm_form") is None  # the error blocks the import
    assert not Agreement.objects.exists()


def test_the_create_missing_partners_option_reaches_the_confirmed_import(client):
    from agreements.models import Agreement

    content = agreement_csv("tsukuba; Bochum")
    login(client, EDITOR)
    preview = post_agreement_import(client, content, create_missing_partners="on")
    form = preview.context["confirm_form"]
    assert form.initial["create_missing_partners"] is True
    client.post("/admin/agreements/agreement/process_import/", form.initial)
    agreement = Agreement.objects.get(slug="bochum-2019")
    assert agreement.date_precision == "day"
    bochum = Partner.objects.get(name_en="Bochum")
    assert not bochum.published and bochum.country.code == "DE"


@pytest.mark.parametrize(("group", "status"), [(EDITOR, 200), (VIEWER, 403)])
def test_facts_have_their_own_import_for_editors(client, group, status):
    login(client, group)
    assert client.get("/admin/cities/partnerfact/import/").status_code == status
