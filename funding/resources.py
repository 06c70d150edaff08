from import_export import fields

from contacts.models import Contact
from funding.models import FundingProgramme
from werkzeugkoffer.backoffice.resources import NOT_IMPORTED, EntryResource, SlugsWidget, SlugWidget
from werkzeugkoffer.models import FieldOfAction, Region, TargetGroup


class FundingProgrammeResource(EntryResource):
    regions = fields.Field("regions", "regions", SlugsWidget(Region))
    fields_of_action = fields.Field("fields_of_action", "fields_of_action", SlugsWidget(FieldOfAction))
    target_groups = fields.Field("target_groups", "target_groups", SlugsWidget(TargetGroup))
    contact = fields.Field("contact", "contact", SlugWidget(Contact))

    class Meta(EntryResource.Meta):
        model = FundingProgramme
        exclude = [*NOT_IMPORTED, "facet_fields", "facet_groups", "facet_area"]
