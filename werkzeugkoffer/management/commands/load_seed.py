from django.core.management import call_command
from django.core.management.base import BaseCommand

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import Event, NewsItem, Recommendation
from projects.models import PracticeExample
from werkzeugkoffer.backoffice.history import record_version
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
        # A first history record per entry, with its links and tags, so that later changes can be compared
        # with the seed state and reverted to it; then one for the other models with history (legal pages).
        for model in (PracticeExample, FundingProgramme, Contact, Recommendation, Event, NewsItem):
            for entry in model.objects.all():
                record_version(entry)
        call_command("populate_history", auto=True, verbosity=0)
