import pytest

from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title"),
    [("ja", "Twinning 国際交流課 職員サイト"), ("en", "Twinning: international division")],
)
def test_admin_speaks_the_staff_members_language(client, language, title):
    client.force_login(make_staff_user(superuser=True))
    response = client.get("/admin/", headers={"accept-language": language})
    assert response.status_code == 200
    assert title in response.content.decode()


def test_staff_member_can_switch_the_admins_language(client):
    client.force_login(make_staff_user(superuser=True))
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    response = client.get("/admin/", headers={"accept-language": "ja"})
    assert "What needs you today" in response.content.decode()


def test_home_city_is_one_record_edited_in_the_admin(client, home_city):
    client.force_login(make_staff_user(superuser=True))
    assert client.get("/admin/cities/homecity/add/").status_code == 403
    response = client.get("/admin/cities/homecity/1/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page  # not a CDN
    assert "googleapis" not in page
