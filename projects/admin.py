from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from projects.models import PracticeExample, PracticeExampleImage
from projects.resources import PracticeExampleResource
from werkzeugkoffer.backoffice.admin import PublishableAdmin
from werkzeugkoffer.backoffice.locations import LocatedAdmin, location_fieldset
from werkzeugkoffer.backoffice.uploads import KeptUploadInput


class ImageInline(admin.StackedInline):
    model = PracticeExampleImage
    extra = 0
    fields = ["preview", "image", "alt_text", "caption", "credit", "position"]
    readonly_fields = ["preview"]
    # A photo chosen in a form that comes back with an error need not be chosen again.
    formfield_overrides = {models.ImageField: {"widget": KeptUploadInput}}

    @admin.display(description="Vorschau")
    def preview(self, image):
        picture = image.rendition_small or image.image
        if not image.pk or not picture:
            return "–"
        return format_html('<img src="{}" alt="{}" class="wk-image-preview">', picture.url, image.alt_text)


@admin.register(PracticeExample)
class PracticeExampleAdmin(LocatedAdmin, PublishableAdmin):
    resource_classes = [PracticeExampleResource]
    inlines = [ImageInline]
    list_display = ["title", "place", "state", "operator_name", "is_running", "status", "review_due", "updated_at"]
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
        location_fieldset(PracticeExample),
        (
            "Organisation und Laufzeit",
            {"fields": [("running_since", "running_until", "is_running"), "partners", "staffing", "continuation"]},
        ),
        ("Finanzierung", {"fields": ["financing", "funding_programmes"]}),
        ("Einordnung", {"fields": ["fields_of_action", "target_groups", "tags"]}),
        ("Ansprechpartner", {"fields": ["contacts"]}),
        ("Quelle", {"fields": ["source", "source_date", "source_note", "created_at", "updated_at"]}),
    ]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # Web-sized copies for every new or replaced image.
        for image_form in formset.forms:
            image = image_form.instance
            if isinstance(image, PracticeExampleImage) and image.pk and "image" in image_form.changed_data:
                image.create_renditions()
                image.save(update_fields=["rendition_small", "rendition_large"])
