"""A NUL character (found by the fuzz test on PostgreSQL, which refuses it in text) in a
public filter or a staff import is passed over, never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cities.models import Partner
from tests.factories import make_partner

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["q", "country", "region", "agreement_kind"])
def test_a_nul_in_a_directory_filter_is_passed_over(client, name):
    make_partner(name_en="Grenoble")
    response = client.get("/en/partners/", {name: "Gre\x00noble"})
    assert response.status_code == 200


def test_a_nul_in_an_imported_cell_is_dropped_not_a_server_error(admin_client):
    sheet = (
        "slug,name_ja,name_en,kind,country,published\r\nbochum,ボーフム,Boc\x00hum,city,DE,1\r\n"
    )
    preview = admin_client.post(
        "/admin/cities/partner/import/",
        {
            "resource": 0,
            "format": 0,
            "import_file": SimpleUploadedFile("p.csv", sheet.encode("utf-8")),
        },
    )
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    done = admin_client.post("/admin/cities/partner/process_import/", confirm.initial)
    assert done.status_code == 302
    assert Partner.objects.get(slug="bochum").name_en == "Bochum"
