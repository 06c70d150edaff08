from import_export import fields

from contacts.models import Contact
from funding.models import FundingProgramme
from guidance.models import Event, NewsItem, Recommendation
from projects.models import PracticeExample
from werkzeugkoffer.backoffice.resources import NOT_IMPORTED, EntryResource, SlugsWidget
from werkzeugkoffer.models import FieldOfAction, TargetGroup


class RecommendationResource(EntryResource):
    fields_of_action = fields.Field("fields_of_action", "fields_of_action", SlugsWidget(FieldOfAction))
    target_groups = fields.Field("target_groups", "target_groups", SlugsWidget(TargetGroup))
    practice_examples = fields.Field("practice_examples", "practice_examples", SlugsWidget(PracticeExample))
    funding_programmes = fields.Field("funding_programmes", "funding_programmes", SlugsWidget(FundingProgramme))
    contacts = fields.Field("contacts", "contacts", SlugsWidget(Contact))

    class Meta(EntryResource.Meta):
        model = Recommendation
        exclude = [*NOT_IMPORTED, "facet_fields", "facet_groups"]


class EventResource(EntryResource):
    practice_examples = fields.Field("practice_examples", "practice_examples", SlugsWidget(PracticeExample))
    recommendations = fields.Field("recommendations", "recommendations", SlugsWidget(Recommendation))

    class Meta(EntryResource.Meta):
        model = Event
        exclude = [*NOT_IMPORTED, "last_day"]


class NewsItemResource(EntryResource):
    practice_examples = fields.Field("practice_examples", "practice_examples", SlugsWidget(PracticeExample))
    funding_programmes = fields.Field("funding_programmes", "funding_programmes", SlugsWidget(FundingProgramme))
    contacts = fields.Field("contacts", "contacts", SlugsWidget(Contact))
    recommendations = fields.Field("recommendations", "recommendations", SlugsWidget(Recommendation))
    events = fields.Field("events", "events", SlugsWidget(Event))

    class Meta(EntryResource.Meta):
        model = NewsItem
        exclude = NOT_IMPORTED
