from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from places.locating import POINTS, points_of
from places.models import LocationSource


class Command(BaseCommand):
    help = (
        "Ermittelt die Punkte (Ortsmitte nach Postleitzahl und Ort) von Beratungsstellen, Praxisbeispielen und "
        "ihren Trägern aus den Ortsdaten neu; von der Redaktion gesetzte Punkte bleiben. Wiederholbar: ein zweiter "
        "Lauf ändert nichts."
    )

    def handle(self, *args, **options):
        # One transaction, the entries locked: a save in the back office meanwhile waits instead of being overwritten.
        with transaction.atomic():
            for label in POINTS:
                self.locate(apps.get_model(label))

    def locate(self, model):
        # Like the search and facet columns, the points follow from other fields: stored with bulk_update, so
        # that they add no version to the history and no new Fassung (the next save records them).
        entries = model.objects.select_for_update(of=("self",)).order_by("pk")
        regions = sorted({name for point in points_of(model) for name in point.region_fields})
        entries = list(entries.select_related(*regions) if regions else entries)
        changed_entries, changed_fields = [], set()
        for point in points_of(model):
            counts = {"set": 0, "unchanged": 0, "editor": 0, "no_address": 0}
            not_found = []
            for entry in entries:
                if point.source(entry) == LocationSource.EDITOR:
                    counts["editor"] += 1
                    continue
                had_point = point.coordinates(entry) != (None, None)
                location = point.locate(entry)
                changed = point.fill(entry, location)
                if changed:
                    changed_fields.update(changed)
                    changed_entries.append(entry)
                if location is None and point.has_address(entry):
                    removed = " – bisheriger Punkt entfernt" if had_point else ""
                    not_found.append(f"„{entry}“ ({point.address(entry)}){removed}")
                elif location is None:
                    counts["no_address"] += 1
                else:
                    counts["set" if changed else "unchanged"] += 1
            self.stdout.write(
                f"{model._meta.verbose_name_plural}, {point.label}: {counts['set']} gesetzt, "
                f"{counts['unchanged']} unverändert, {len(not_found)} nicht ermittelbar, {counts['no_address']} ohne "
                f"Angabe, {counts['editor']} von der Redaktion gesetzt (unberührt)."
            )
            for line in not_found:
                self.stdout.write(f"  nicht ermittelbar: {line}")
        unique = list({entry.pk: entry for entry in changed_entries}.values())
        if unique:
            model.objects.bulk_update(unique, sorted(changed_fields), batch_size=500)
