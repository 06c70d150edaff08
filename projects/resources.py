from import_export import fields

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from werkzeugkoffer.backoffice.resources import NOT_IMPORTED, EntryResource, SlugsWidget, SlugWidget
from werkzeugkoffer.models import FieldOfAction, Region, TargetGroup


class PracticeExampleResource(EntryResource):
    state = fields.Field("state", "state", SlugWidget(Region))
    district = fields.Field("district", "district", SlugWidget(Region))
    fields_of_action = fields.Field("fields_of_action", "fields_of_action", SlugsWidget(FieldOfAction))
    target_groups = fields.Field("target_groups", "target_groups", SlugsWidget(TargetGroup))
    funding_programmes = fields.Field("funding_programmes", "funding_programmes", SlugsWidget(FundingProgramme))
    contacts = fields.Field("contacts", "contacts", SlugsWidget(Contact))
    # Exported to read, never imported: they follow from the address or a typed point (see places/locating.py).
    ags = fields.Field("ags", "ags", readonly=True)
    location_source = fields.Field("location_source", "location_source", readonly=True)
    operator_ags = fields.Field("operator_ags", "operator_ags", readonly=True)
    operator_location_source = fields.Field("operator_location_source", "operator_location_source", readonly=True)

    class Meta(EntryResource.Meta):
        model = PracticeExample
        exclude = [*NOT_IMPORTED, "facet_fields", "facet_groups"]
