"""A mail server that takes its time: each sending waits SLOW_MAIL_SECONDS, then writes the
message to EMAIL_FILE_PATH as the demo's file backend does (one file per connection)."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
        return super().send_messages(email_messages)
