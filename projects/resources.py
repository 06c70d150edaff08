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

    class Meta(EntryResource.Meta):
        model = PracticeExample
        exclude = [*NOT_IMPORTED, "facet_fields", "facet_groups"]
