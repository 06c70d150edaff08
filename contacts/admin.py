from django.contrib import admin

from contacts.models import Contact
from contacts.resources import ContactResource
from werkzeugkoffer.backoffice.admin import PublishableAdmin
from werkzeugkoffer.backoffice.locations import LocatedAdmin, location_fieldset


@admin.register(Contact)
class ContactAdmin(LocatedAdmin, PublishableAdmin):
    resource_classes = [ContactResource]
    list_display = ["name", "organisation", "kind", "town", "status", "review_due", "updated_at"]
    list_filter = ["status", "kind", "accessibility", "nationwide", "regions", "topics"]
    search_fields = ["name", "organisation", "person_name", "town", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["regions"]
    filter_horizontal = ["topics"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "organisation", "kind", "description"]}),
        ("Ansprechperson", {"fields": ["person_name", "person_role"]}),
        ("Zuständigkeit und Themen", {"fields": ["nationwide", "regions", "topics", "tags"]}),
        ("Erreichbarkeit", {"fields": ["street", ("postcode", "town"), "phone", "email", "website", "opening_hours"]}),
        location_fieldset(Contact),
        ("Zugang", {"fields": ["accessibility", "accessibility_note", "languages"]}),
        ("Quelle", {"fields": ["source", "source_date", "source_note", "created_at", "updated_at"]}),
    ]
