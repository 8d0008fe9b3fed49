"""The mail worker: django-tasks' db_worker, which also puts back what a dead worker left."""

import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from office.tasks import requeue_abandoned

CHECK_EVERY_SECONDS = 60


class Command(db_worker.Command):
    help = (
        "Sends queued mail (django-tasks' db_worker). On start and every minute, tasks a "
        "dead worker left running longer than MAIL_SENDING_TIMEOUT are queued again."
    )

    def handle(self, *args, **options):
        put_back = requeue_abandoned()
        if put_back:
            self.stderr.write(f"Queued again {put_back} task(s) a stopped worker left running.")
        if not options.get("batch"):
            threading.Thread(target=self.keep_checking, daemon=True).start()
        return super().handle(*args, **options)

    def keep_checking(self):
        stop = threading.Event()
        while not stop.wait(CHECK_EVERY_SECONDS):
            try:
                close_old_connections()
                requeue_abandoned()
            except Exception as error:  # a database that is down: try again next time
                self.stderr.write(f"Could not check for stopped tasks: {error}")
            finally:
                connection.close()
