import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from werkzeugkoffer.models import QUERY_LOG_RETENTION_DAYS, ZeroResultQuery


class Command(BaseCommand):
    help = (
        f"Delete the counts of searches without results older than --days (default {QUERY_LOG_RETENTION_DAYS}) and "
        "fold the queries of ended days whose text was never stored into one count per day: run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=QUERY_LOG_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        cutoff = today - datetime.timedelta(days=days)
        deleted, _by_model = ZeroResultQuery.objects.filter(day__lt=cutoff).delete()
        folded = ZeroResultQuery.objects.fold_rare(before=today)
        self.stdout.write(
            f"{deleted} Zählungen gelöscht, die älter als {days} Tage waren; {folded} selten gesuchte Begriffe "
            "vergangener Tage zu einer Zahl je Tag zusammengefasst."
        )
