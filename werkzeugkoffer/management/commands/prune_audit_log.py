import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from werkzeugkoffer.models import AuditEvent


class Command(BaseCommand):
    help = "Delete audit records older than --days (default 365): the log keeps user names only as long as needed."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=365)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _by_model = AuditEvent.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"{deleted} Protokolleinträge gelöscht, die älter als {days} Tage waren.")
