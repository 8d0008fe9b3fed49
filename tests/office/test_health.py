import pytest
from django.db import connection

from office import health

pytestmark = pytest.mark.django_db


def test_a_healthy_site_answers_ok_with_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies
    assert "django_language" not in response.cookies


def test_a_part_that_is_down_makes_a_503_that_names_it(client, monkeypatch):
    def broken():
        raise ConnectionError("redis://secret@10.0.0.1 refused")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"down: cache\n"


def test_the_database_being_down_is_a_503_not_a_500(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database" in response.content


def test_the_health_check_is_not_redirected_to_https(client, settings):
    from django.middleware.security import SecurityMiddleware

    settings.SECURE_SSL_REDIRECT = True
    middleware = SecurityMiddleware(lambda request: None)
    request = client.get("/healthz").wsgi_request
    assert middleware.process_request(request) is None


def test_kept_database_connections_are_checked_before_use(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
