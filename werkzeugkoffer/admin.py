from django.contrib import admin
from django.utils import timezone

from werkzeugkoffer.models import FieldOfAction, Page, PublicationStatus, Region, TargetGroup

admin.site.site_header = "Werkzeugkoffer – Redaktion"
admin.site.site_title = "Werkzeugkoffer Redaktion"
admin.site.index_title = "Inhalte pflegen"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "official_key"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "official_key"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(FieldOfAction, TaxonomyAdmin)
admin.site.register(TargetGroup, TaxonomyAdmin)


class PublishableAdmin(admin.ModelAdmin):
    """Common list behaviour of the three catalogues."""

    list_filter = ["status"]
    date_hierarchy = "updated_at"
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "archive"]
    list_per_page = 50

    @admin.action(description="Ausgewählte Einträge veröffentlichen")
    def publish(self, request, queryset):
        updated = queryset.update(status=PublicationStatus.PUBLISHED, updated_at=timezone.now())
        self.message_user(request, f"{updated} Einträge veröffentlicht.")

    @admin.action(description="Ausgewählte Einträge archivieren")
    def archive(self, request, queryset):
        updated = queryset.update(status=PublicationStatus.ARCHIVED, updated_at=timezone.now())
        self.message_user(request, f"{updated} Einträge archiviert.")


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """The legal pages are linked from every page footer, so editors change them but never add or remove one."""

    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["slug", "updated_at"]
    fields = ["title", "slug", "body", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
