"""The points of addresses in the back office: where each comes from, and how the Redaktion corrects one.

A point follows its address (places/locating.py): saving an entry with a changed address locates it anew. An
editor who types latitude and longitude sets the point by hand (Herkunft „von der Redaktion gesetzt“), which no
later change of the address or run of locate_entries replaces; emptying both fields returns to the located point.
The form decides this in clean and save, so that a change waiting for the Freigabe (approvals.py) carries it.
"""

from django.contrib import admin
from django.utils.html import format_html

from places.locating import point_errors, points_of, settle_points, stored_state
from places.models import Gemeinde, LocationSource
from werkzeugkoffer.backoffice.admin import EntryForm

FIELDSET_TITLE = "Lage (für Entfernung und Karte)"
FIELDSET_HELP = (
    "Der Punkt wird beim Speichern aus der Adresse ermittelt: die Ortsmitte nach Postleitzahl und Ort (ohne "
    "Postleitzahl nach dem Ortsnamen), nicht die genaue Adresse. Das genügt für Entfernungen und die Karte; die "
    "öffentliche Seite sagt es dazu. Tragen Sie Breite und Länge nur ein, wenn dieser Punkt falsch ist – dann gilt "
    "Ihr Punkt, auch wenn sich die Adresse später ändert. Leeren Sie beide Felder, um wieder die ermittelte "
    "Ortsmitte zu verwenden."
)


class LocatedEntryForm(EntryForm):
    """The change form of an entry with addresses: checks typed points and settles every point on saving."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the form was opened on (for the Redaktion on a published entry: its waiting change, if any).
        self.stored_points = stored_state(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        for point in points_of(self._meta.model):
            names = {name: point.name(name) for name in ("latitude", "longitude")}
            if not all(name in self.fields and name in cleaned_data for name in names.values()):
                continue
            errors = point_errors(cleaned_data[names["latitude"]], cleaned_data[names["longitude"]])
            for name, message in errors.items():
                self.add_error(names[name], message)
        return cleaned_data

    def save(self, commit=True):
        settle_points(self.instance, self.stored_points)
        return super().save(commit)


def location_fieldset(model):
    """The fieldset „Lage“ of the model's points: coordinates to correct, the rest to read."""
    fields = []
    for point in points_of(model):
        fields += [
            (point.name("latitude"), point.name("longitude")),
            (point.name("ags"), point.name("location_source")),
            f"{point.prefix}location_note",
        ]
    return (FIELDSET_TITLE, {"fields": fields, "description": FIELDSET_HELP})


def describe_point(entry, point):
    """Where the point comes from, in a sentence for editors: „Ortsmitte von 54523 Hetzerath nach Postleitzahl …“."""
    latitude, longitude = point.coordinates(entry)
    address = point.address(entry)
    if latitude is None or longitude is None:
        if not entry.pk:
            return "Wird beim Speichern aus der Adresse ermittelt."
        if not address:
            return "Kein Punkt: Es ist keine Adresse angegeben."
        return (
            f"Kein Punkt: Zu „{address}“ ließ sich in den Ortsdaten kein eindeutiger Ort finden. Sie können Breite "
            "und Länge selbst eintragen."
        )
    ags = getattr(entry, point.name("ags"))
    gemeinde = Gemeinde.objects.filter(ags=ags).values_list("name", flat=True).first() if ags else None
    within = f"Gemeinde {gemeinde}, Gemeindeschlüssel {ags}" if gemeinde else "ohne Gemeinde aus den Ortsdaten"
    source = point.source(entry)
    if source == LocationSource.POSTCODE:
        text = f"Ortsmitte von {address} nach Postleitzahl und Ort – aus den Ortsdaten ermittelt ({within})."
    elif source == LocationSource.TOWN:
        text = f"Ortsmitte nach dem Ortsnamen „{address}“ – aus den Ortsdaten ermittelt ({within})."
    else:
        nearest = f"nächstgelegene {within}" if gemeinde else within
        text = (
            f"Von der Redaktion gesetzt ({nearest}). Leeren Sie Breite und Länge, damit der Punkt wieder aus der "
            "Adresse ermittelt wird."
        )
    return format_html(
        '{} <a href="https://www.openstreetmap.org/?mlat={}&amp;mlon={}#map=14/{}/{}">Punkt auf OpenStreetMap '
        "ansehen</a>",
        text,
        latitude,
        longitude,
        latitude,
        longitude,
    )


class LocatedAdmin:
    """For the admin of a catalogue with addresses (before PublishableAdmin): its form and what the fieldset
    „Lage“ shows besides the coordinates."""

    form = LocatedEntryForm

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        for point in points_of(self.model):
            fields += [point.name("ags"), point.name("location_source"), f"{point.prefix}location_note"]
        return fields

    def point(self, prefix):
        return next(point for point in points_of(self.model) if point.prefix == prefix)

    @admin.display(description="Woher der Punkt kommt")
    def location_note(self, entry):
        return describe_point(entry, self.point(""))

    @admin.display(description="Woher der Punkt des Trägers kommt")
    def operator_location_note(self, entry):
        return describe_point(entry, self.point("operator_"))
