from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from werkzeugkoffer.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the content of the database with a backup made by `manage.py backup` (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .dump file from backups/")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, interactive, database, **options):
        db = connections[database].settings_dict
        if interactive:
            answer = input(
                f"Alle Daten in der Datenbank „{db['NAME']}“ werden durch die Sicherung {file} ersetzt. "
                "Fortfahren? Bitte „ja“ eingeben: "
            )
            if answer.strip().lower() != "ja":
                raise CommandError("Abgebrochen, nichts geändert.")
        # Other connections of this process would hold locks that pg_restore waits for.
        connections.close_all()
        try:
            restore(db, file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wiederhergestellt aus {file}.")
