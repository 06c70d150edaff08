from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from werkzeugkoffer.operations.backup import BackupError, backup_path, dump


class Command(BaseCommand):
    help = "Write a pg_dump of the database (custom format) into backups/ and print its path."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=settings.BASE_DIR / "backups", help="Default: backups/")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output_dir, database, **options):
        db = connections[database].settings_dict
        try:
            path = dump(db, backup_path(output_dir, db))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(path))
