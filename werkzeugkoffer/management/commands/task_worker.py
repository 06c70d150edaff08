"""The task worker that gunicorn starts beside its web workers (gunicorn.conf.py): django-tasks-db's db_worker,
started again whenever the database could not be reached, so that an outage does not end the imports for good."""

import logging
import time

from django.core.management import BaseCommand, call_command
from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5


class Command(BaseCommand):
    help = "Führt die Hintergrundaufgaben (Importe) aus; ohne Datenbank wartet er und versucht es erneut."

    def handle(self, *args, **options):
        while True:
            try:
                call_command("db_worker", reload=False, interval=1)
                return
            except (OperationalError, InterfaceError) as error:
                logger.warning("Task worker lost the database (%s); trying again in %s s", error, RETRY_SECONDS)
                connections.close_all()
                time.sleep(RETRY_SECONDS)
