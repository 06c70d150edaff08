from django.core.management.base import BaseCommand
from django.utils import timezone

from werkzeugkoffer.backoffice import linkcheck
from werkzeugkoffer.backoffice.dashboard import catalogues
from werkzeugkoffer.models import PublicationStatus


class Command(BaseCommand):
    help = "Check the external links of all entries that are not archived and store the result per link."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=linkcheck.CONCURRENCY, help="Requests at a time.")
        parser.add_argument(
            "--timeout", type=float, default=linkcheck.TIMEOUT_SECONDS, help="Seconds to wait for each answer."
        )

    def handle(self, *args, concurrency, timeout, **options):
        started_at = timezone.now()
        entries = [
            entry
            for model in catalogues()
            for entry in model.objects.exclude(status=PublicationStatus.ARCHIVED).order_by("pk")
        ]
        results = linkcheck.check_entries(entries, concurrency=max(1, concurrency), timeout=timeout)
        linkcheck.record_run(started_at, results)
        broken = [result for result in results if result.is_broken()]
        for result in broken:
            self.stdout.write(f"defekt: {result.url} ({linkcheck.reason(result)}) – {result.entry}")
        self.stdout.write(f"{len(results)} {'Link' if len(results) == 1 else 'Links'} geprüft, {len(broken)} defekt.")
