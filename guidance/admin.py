from django.contrib import admin

from guidance.models import Event, NewsItem, Recommendation
from guidance.resources import EventResource, NewsItemResource, RecommendationResource
from werkzeugkoffer.backoffice.admin import PublishableAdmin

SOURCE_FIELDSET = ("Quelle", {"fields": ["source", "source_date", "source_note", "created_at", "updated_at"]})


@admin.register(Recommendation)
class RecommendationAdmin(PublishableAdmin):
    resource_classes = [RecommendationResource]
    list_display = ["title", "kind", "status", "review_due", "updated_at"]
    list_filter = ["status", "kind", "fields_of_action", "target_groups"]
    search_fields = ["title", "teaser", "tags__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["practice_examples", "funding_programmes", "contacts"]
    filter_horizontal = ["fields_of_action", "target_groups"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "kind", "teaser"]}),
        ("Inhalt", {"fields": ["body", "steps", "further_reading"]}),
        ("Einordnung", {"fields": ["audiences", "phases", "fields_of_action", "target_groups", "tags"]}),
        (
            "Passt zu",
            {
                "fields": ["practice_examples", "funding_programmes", "contacts"],
                "description": "Die Praxisbeispiele, Förderprogramme und Beratungsstellen zeigen die Empfehlung "
                "auf ihren Seiten unter „Passende Empfehlungen“.",
            },
        ),
        ("Quelle", {"fields": ["source", "source_url", "source_date", "source_note", "created_at", "updated_at"]}),
    ]


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    resource_classes = [EventResource]
    list_display = ["title", "start_date", "town", "kind", "status", "review_due", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "town", "organiser"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["practice_examples", "recommendations"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "kind", "description"]}),
        (
            "Wann",
            {"fields": [("start_date", "date_precision"), "end_date", ("start_time", "end_time")]},
        ),
        ("Wo und wer", {"fields": ["venue", "town", "organiser", "audience"]}),
        ("Links", {"fields": ["registration_url", "documentation_url"]}),
        ("Passt zu", {"fields": ["practice_examples", "recommendations", "tags"]}),
        SOURCE_FIELDSET,
    ]


@admin.register(NewsItem)
class NewsItemAdmin(PublishableAdmin):
    resource_classes = [NewsItemResource]
    list_display = ["title", "date", "status", "review_due", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "teaser"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["practice_examples", "funding_programmes", "contacts", "recommendations", "events"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "date", "teaser", "body"]}),
        (
            "Betrifft",
            {"fields": ["practice_examples", "funding_programmes", "contacts", "recommendations", "events", "tags"]},
        ),
        SOURCE_FIELDSET,
    ]
