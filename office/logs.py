"""What goes into the logs: one line each with time, level and logger, and never a secret
that is part of an address (a delegation's status page token opens its application)."""

import logging
import re

# /ja/visits/status/<token>/… and the staff calendar feed /calendar/<token>.ics
SECRET_IN_PATH = re.compile(r"(/visits/status/|/calendar/(?:[a-z-]+/)?(?:feed/)?)[\w-]{16,}")


def redact(text):
    return SECRET_IN_PATH.sub(r"\1[token]", text)


class RedactSecrets(logging.Filter):
    """Writes the message out with every token in a path replaced by [token]."""

    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def access_log_class():
    """gunicorn's access log with the same redaction (deploy/gunicorn.conf.py uses it).

    A class made on demand: gunicorn is a production dependency, and the rest of this
    module is imported by the settings of every process.
    """
    from gunicorn.glogging import Logger

    class RedactingAccessLogger(Logger):
        def atoms(self, resp, req, environ, request_time):
            return {
                key: redact(value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()
            }

    return RedactingAccessLogger
