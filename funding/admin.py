from django.contrib import admin

from funding.models import FundingProgramme
from funding.resources import FundingProgrammeResource
from werkzeugkoffer.backoffice.admin import PublishableAdmin


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(PublishableAdmin):
    resource_classes = [FundingProgrammeResource]
    list_display = ["title", "funder", "level", "funding_type", "application_end", "status", "review_due", "updated_at"]
    list_filter = ["status", "deadline_state", "level", "funding_type", "nationwide", "regions", "fields_of_action"]
    search_fields = ["title", "summary", "funder", "legal_basis", "tags__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["regions", "contact"]
    filter_horizontal = ["fields_of_action", "target_groups"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary"]}),
        ("Förderung", {"fields": ["funded_activities", "funder", ("level", "funding_type"), "legal_basis"]}),
        ("Antragsberechtigte", {"fields": ["applicants", "applicants_note"]}),
        ("Fördergebiet", {"fields": ["nationwide", "regions"]}),
        ("Förderhöhe", {"fields": ["amount_text", ("amount_min", "amount_max")]}),
        (
            "Antragstellung",
            {"fields": ["deadline_state", ("application_start", "application_end"), "deadline_note", "how_to_apply"]},
        ),
        ("Links und Kontakt", {"fields": ["website_url", "guideline_url", "forms_url", "contact"]}),
        ("Einordnung", {"fields": ["fields_of_action", "target_groups", "tags"]}),
        ("Quelle", {"fields": ["source", "source_date", "source_note", "created_at", "updated_at"]}),
    ]
