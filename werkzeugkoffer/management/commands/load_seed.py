from django.core.management import call_command
from django.core.management.base import BaseCommand

from werkzeugkoffer.models import Region


class Command(BaseCommand):
    help = "Load the seed content once: skipped when the database already holds content, unless --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even if content exists (overwrites seed entries)."
        )

    def handle(self, *args, force=False, **options):
        if Region.objects.exists() and not force:
            self.stdout.write("Seed content already loaded; nothing to do (use --force to reload).")
            return
        call_command("loaddata", "seed", verbosity=options["verbosity"])
        # A first history record per entry, so that later changes can be compared with the seed state.
        call_command("populate_history", auto=True, verbosity=0)
