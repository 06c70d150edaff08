"""The admin of the shared models: regions, taxonomies, legal pages, link checks and the audit log."""

from django.contrib import admin
from django.utils.html import escape

from werkzeugkoffer.backoffice.admin import HistoryAdmin, LabelledListEditFormSet
from werkzeugkoffer.models import AuditEvent, FieldOfAction, LinkCheck, Page, Region, TargetGroup


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

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=LabelledListEditFormSet, **kwargs)


admin.site.register(FieldOfAction, TaxonomyAdmin)
admin.site.register(TargetGroup, TaxonomyAdmin)


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    """The stored results of the link check; they are written by the check, never by hand."""

    list_display = ["url", "status", "status_code", "content_type", "field", "checked_at"]
    list_filter = ["status", "content_type"]
    search_fields = ["url", "final_url", "error"]
    date_hierarchy = "checked_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Page)
class PageAdmin(HistoryAdmin):
    """The legal pages are linked from every page footer, so editors change them but never add or remove one."""

    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["slug", "updated_at"]
    fields = ["title", "slug", "body", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "body":
            # The admin shows help texts as HTML; the tag names in this one are meant as text.
            field.help_text = escape(field.help_text)
        return field


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: written by the back office itself, readable by the Freigabe."""

    list_display = ["created_at", "action", "username", "object_repr", "content_type", "details"]
    list_filter = ["action", "content_type"]
    search_fields = ["username", "object_repr", "details", "request_id"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
