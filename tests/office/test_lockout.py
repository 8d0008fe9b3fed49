"""A visitor who keeps typing wrong passwords is locked out, and told so in their language."""

import pytest
from django.test import override_settings

from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Too many failed logins"), ("ja", "ログインの失敗が多すぎます")],
)
def test_the_lockout_page_speaks_the_visitors_language(client, language, expected):
    make_staff_user(username="coordinator")
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2):
        for _ in range(3):
            response = client.post(
                "/admin/login/",
                {"username": "coordinator", "password": "wrong"},
                headers={"accept-language": language},
                REMOTE_ADDR="203.0.113.9",
            )
    assert response.status_code == 429
    assert expected in response.content.decode()
