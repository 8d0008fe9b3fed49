import io
import logging

import pytest

from office.logs import RedactSecrets, redact

TOKEN = "k3Jx9_QmZ2vN8pL4rT6wY1aB5cD7eF0gH2iJ4kL6mN8"


@pytest.mark.parametrize(
    "path",
    [
        f"/en/visits/status/{TOKEN}/",
        f"/ja/visits/status/{TOKEN}/documents/",
        f"/calendar/{TOKEN}.ics",
        f"/calendar/agreements/{TOKEN}.ics",
        f"/admin/visits-office/calendar/feed/{TOKEN}.ics",
    ],
)
def test_a_token_in_an_address_never_reaches_the_log(path):
    assert TOKEN not in redact(f"Bad Request: {path}")
    assert "[token]" in redact(path)


def test_other_addresses_are_logged_as_they_are():
    assert redact("Not Found: /en/partners/grenoble/") == "Not Found: /en/partners/grenoble/"


@pytest.fixture
def log_lines():
    """What the configured console handler writes, line by line."""
    [console] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactSecrets) for f in handler.filters)
    ]
    written = io.StringIO()
    previous = console.setStream(written)
    yield lambda: written.getvalue().splitlines()
    console.setStream(previous)


def test_a_refused_upload_is_logged_with_time_level_and_without_its_token(log_lines):
    logging.getLogger("django.request").warning(
        "Bad Request: %s", f"/en/visits/status/{TOKEN}/documents/"
    )
    [line] = log_lines()
    assert TOKEN not in line
    assert "WARNING django.request: Bad Request: /en/visits/status/[token]/documents/" in line
    assert line[:4].isdigit() and "+0900" in line.split()[0]


def test_a_bad_host_is_answered_400_and_not_logged(client, log_lines):
    response = client.get("/en/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert log_lines() == []


def test_no_logger_is_left_without_a_handler(settings):
    # Python writes the records of a logger with no handler (that does not propagate)
    # through its last-resort handler: a traceback per bad-Host request on stderr.
    for name, logger in settings.LOGGING["loggers"].items():
        if not logger.get("propagate", True):
            assert logger.get("handlers"), name


def test_gunicorns_access_log_writes_no_token_and_names_the_visitor(tmp_path):
    # The access log as deploy/gunicorn.conf.py configures it, fed one request.
    import datetime
    import runpy
    from types import SimpleNamespace

    from gunicorn.config import Config

    conf = runpy.run_path("deploy/gunicorn.conf.py")
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("access_log_format", conf["access_log_format"])
    log = conf["logger_class"](config)
    status_page = f"/en/visits/status/{TOKEN}/?received=1"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": status_page,
        "PATH_INFO": status_page.split("?")[0],
        "QUERY_STRING": "received=1",
        "SERVER_PROTOCOL": "HTTP/1.0",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://twinning.city.example{status_page}",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "203.0.113.7")])
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])

    log.access(response, request, environ, datetime.timedelta(milliseconds=40))

    line = (tmp_path / "access.log").read_text()
    assert "/en/visits/status/[token]/?received=1" in line
    assert TOKEN not in line
    assert "127.0.0.1 203.0.113.7" in line
