"""Behind TRUSTED_PROXIES proxies the visitor's address and HTTPS come from their
headers; without one, those headers are whatever a visitor typed and are ignored."""

import pytest
from django.test import RequestFactory

from office.ratelimit import client_address
from tests.test_settings import settings_values


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "expected"),
    [(0, "10.0.0.2"), (1, "203.0.113.7"), (2, "198.51.100.1"), (5, "6.6.6.6")],
)
def test_the_visitors_address_is_read_through_the_trusted_proxies(settings, proxies, expected):
    settings.TRUSTED_PROXIES = proxies
    # The visitor typed 6.6.6.6; the outer proxy saw 198.51.100.1; the inner one saw
    # 203.0.113.7 (the outer proxy); REMOTE_ADDR is the inner proxy.
    request = request_from("10.0.0.2", "6.6.6.6, 198.51.100.1, 203.0.113.7")
    assert client_address(request) == expected


def test_without_a_proxy_a_forged_header_changes_nothing(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_address(request_from("192.0.2.5", "1.2.3.4")) == "192.0.2.5"


def test_the_login_lockout_counts_the_same_address_as_the_visit_form(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXIES = 1
    request = request_from("10.0.0.2", "6.6.6.6, 203.0.113.7")
    assert get_client_ip_address(request) == client_address(request) == "203.0.113.7"


@pytest.mark.parametrize(
    ("env", "trusted", "header"),
    [
        ({}, "0", "None"),
        ({"TRUSTED_PROXIES": "1"}, "1", "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ({"TRUST_X_FORWARDED_FOR": "1"}, "1", "('HTTP_X_FORWARDED_PROTO', 'https')"),
    ],
)
def test_x_forwarded_proto_is_believed_only_behind_a_proxy(env, trusted, header):
    values = settings_values(
        "TRUSTED_PROXIES",
        "SECURE_PROXY_SSL_HEADER",
        **{"DEBUG": "1", "TRUSTED_PROXIES": "", "TRUST_X_FORWARDED_FOR": "", **env},
    )
    assert values == f"{trusted} {header}"
