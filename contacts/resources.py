from import_export import fields, widgets

from contacts.models import Contact
from werkzeugkoffer.backoffice.resources import NOT_IMPORTED, EntryResource
from werkzeugkoffer.models import FieldOfAction, Region


class ContactResource(EntryResource):
    topics = fields.Field("topics", "topics", widgets.ManyToManyWidget(FieldOfAction, field="slug"))
    regions = fields.Field("regions", "regions", widgets.ManyToManyWidget(Region, field="slug"))

    class Meta(EntryResource.Meta):
        model = Contact
        exclude = [*NOT_IMPORTED, "facet_topics", "facet_regions"]
