"""gunicorn's settings for Twinning, read from the environment like everything else.

    gunicorn -c deploy/gunicorn.conf.py config.wsgi

WEB_WORKERS (default: 2 per core, plus 1) processes, each with WEB_THREADS threads
(default 2), so a long spreadsheet import in one worker never holds up visitors. The
timeout leaves room for the longest import the admin streams (WEB_TIMEOUT, 300 s).
"""

import multiprocessing
import os
import time

from office.logs import access_log_class

# gunicorn's own lines in the same time zone as Django's (TIME_ZONE), not the server's UTC.
os.environ.setdefault("TZ", "Asia/Tokyo")
time.tzset()

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("WEB_THREADS") or 2)
timeout = int(os.environ.get("WEB_TIMEOUT") or 300)
# Requests larger than the largest legitimate upload are the proxy's to refuse
# (client_max_body_size in nginx.conf); these bound the request line and headers.
limit_request_line = 8190
limit_request_fields = 100
# gunicorn 27's control socket (gunicornc) is not used; it would be made in the service
# user's home, which a system user does not have.
control_socket_disable = True
# One line per request on stdout (journald keeps it), with the time and its offset.
accesslog = "-"
errorlog = "-"
# The visitor's address as the proxy reports it (X-Forwarded-For) after the proxy's own.
access_log_format = '%(t)s %(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# A status page's or calendar feed's token in a path or a Referer is written as [token],
# as in Django's own lines: anyone holding it could open (and withdraw) an application.
logger_class = access_log_class()
# The city's proxy runs on the same machine; say which addresses may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
