from import_export import fields

from contacts.models import Contact
from werkzeugkoffer.backoffice.resources import NOT_IMPORTED, EntryResource, SlugsWidget
from werkzeugkoffer.models import FieldOfAction, Region


class ContactResource(EntryResource):
    topics = fields.Field("topics", "topics", SlugsWidget(FieldOfAction))
    regions = fields.Field("regions", "regions", SlugsWidget(Region))
    # Exported to read, never imported: they follow from the address or a typed point (see places/locating.py).
    ags = fields.Field("ags", "ags", readonly=True)
    location_source = fields.Field("location_source", "location_source", readonly=True)

    class Meta(EntryResource.Meta):
        model = Contact
        exclude = [*NOT_IMPORTED, "facet_topics", "facet_regions"]
