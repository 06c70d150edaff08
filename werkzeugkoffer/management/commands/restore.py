from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from werkzeugkoffer.operations.backup import BackupError, holds_files, media_folder, restore


class Command(BaseCommand):
    help = (
        "Replace the content of the database (all or nothing) and the uploaded files with a backup made by "
        "`manage.py backup`; a database-only .dump leaves the files as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .tar (or an older .dump) from backups/")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, interactive, database, **options):
        db = connections[database].settings_dict
        if interactive:
            media = media_folder()
            files = f" und alle Dateien in {media}" if media and holds_files(file) else ""
            answer = input(
                f"Alle Daten in der Datenbank „{db['NAME']}“{files} werden durch die Sicherung {file} ersetzt. "
                "Fortfahren? Bitte „ja“ eingeben: "
            )
            if answer.strip().lower() != "ja":
                raise CommandError("Abgebrochen, nichts geändert.")
        # Other connections of this process would hold locks that pg_restore waits for.
        connections.close_all()
        try:
            restored = restore(db, file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if restored.media is None:
            self.stdout.write(f"Wiederhergestellt aus {file}: nur die Datenbank (die Sicherung enthält keine Dateien).")
        else:
            self.stdout.write(
                f"Wiederhergestellt aus {file}: die Datenbank und die Dateien in {restored.media} "
                f"(aus der Sicherung: {restored.files}, entfernt, weil nicht darin: {restored.removed})."
            )
