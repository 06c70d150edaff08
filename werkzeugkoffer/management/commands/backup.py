from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from werkzeugkoffer.operations.backup import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Write a backup of the database (pg_dump, custom format) and of the uploaded files (MEDIA_ROOT) as one "
        ".tar into backups/ and print its path."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=settings.BASE_DIR / "backups", help="Default: backups/")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output_dir, database, **options):
        db = connections[database].settings_dict
        try:
            backup = back_up(db, output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if backup.media is None:
            backend = storages["default"].__class__.__name__
            self.stderr.write(
                f"Achtung: Die Standardablage für hochgeladene Dateien ({backend}) ist kein Ordner auf diesem "
                "Rechner. Gesichert ist nur die Datenbank, nicht die Fotos: sichern Sie die Ablage selbst."
            )
        for entry in backup.skipped:
            self.stderr.write(f"Nicht gesichert (keine Datei, z. B. eine Verknüpfung): {backup.media / entry}")
        self.stdout.write(str(backup.path))
