from django.contrib import admin

from projects.models import PracticeExample
from werkzeugkoffer.admin import PublishableAdmin


@admin.register(PracticeExample)
class PracticeExampleAdmin(PublishableAdmin):
    list_display = ["title", "place", "state", "operator_name", "is_running", "status", "updated_at"]
    list_filter = ["status", "state", "area_type", "is_running", "continuation", "fields_of_action", "target_groups"]
    list_select_related = ["state"]
    search_fields = ["title", "teaser", "place", "operator_name", "tags__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["state", "district", "funding_programmes", "contacts"]
    filter_horizontal = ["fields_of_action", "target_groups"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "teaser", "motto"]}),
        ("Projekt", {"fields": ["goals", "implementation", "special_feature", "results"]}),
        (
            "Träger",
            {
                "fields": [
                    "operator_name",
                    "operator_street",
                    ("operator_postcode", "operator_town"),
                    "operator_website",
                ]
            },
        ),
        (
            "Ort und Quartier",
            {"fields": ["place", ("state", "district"), "area_type", "inhabitants"]},
        ),
        (
            "Organisation und Laufzeit",
            {"fields": [("running_since", "running_until", "is_running"), "partners", "staffing", "continuation"]},
        ),
        ("Finanzierung", {"fields": ["financing", "funding_programmes"]}),
        ("Einordnung", {"fields": ["fields_of_action", "target_groups", "tags"]}),
        ("Ansprechpartner und Quelle", {"fields": ["contacts", "source", "created_at", "updated_at"]}),
    ]
