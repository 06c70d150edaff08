from import_export import fields, widgets

from contacts.models import Contact
from funding.models import FundingProgramme
from projects.models import PracticeExample
from werkzeugkoffer.backoffice.resources import NOT_IMPORTED, EntryResource, SlugWidget
from werkzeugkoffer.models import FieldOfAction, Region, TargetGroup


class PracticeExampleResource(EntryResource):
    state = fields.Field("state", "state", SlugWidget(Region))
    district = fields.Field("district", "district", SlugWidget(Region))
    fields_of_action = fields.Field(
        "fields_of_action", "fields_of_action", widgets.ManyToManyWidget(FieldOfAction, field="slug")
    )
    target_groups = fields.Field("target_groups", "target_groups", widgets.ManyToManyWidget(TargetGroup, field="slug"))
    funding_programmes = fields.Field(
        "funding_programmes", "funding_programmes", widgets.ManyToManyWidget(FundingProgramme, field="slug")
    )
    contacts = fields.Field("contacts", "contacts", widgets.ManyToManyWidget(Contact, field="slug"))

    class Meta(EntryResource.Meta):
        model = PracticeExample
        exclude = [*NOT_IMPORTED, "facet_fields", "facet_groups"]
