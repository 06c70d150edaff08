from import_export import fields, widgets

from contacts.models import Contact
from funding.models import FundingProgramme
from werkzeugkoffer.backoffice.resources import NOT_IMPORTED, EntryResource, SlugWidget
from werkzeugkoffer.models import FieldOfAction, Region, TargetGroup


class FundingProgrammeResource(EntryResource):
    regions = fields.Field("regions", "regions", widgets.ManyToManyWidget(Region, field="slug"))
    fields_of_action = fields.Field(
        "fields_of_action", "fields_of_action", widgets.ManyToManyWidget(FieldOfAction, field="slug")
    )
    target_groups = fields.Field("target_groups", "target_groups", widgets.ManyToManyWidget(TargetGroup, field="slug"))
    contact = fields.Field("contact", "contact", SlugWidget(Contact))

    class Meta(EntryResource.Meta):
        model = FundingProgramme
        exclude = [*NOT_IMPORTED, "facet_fields", "facet_groups", "facet_area"]
