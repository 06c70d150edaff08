"""The admin of the shared models: regions, taxonomies, synonyms, legal pages, link checks, the audit log, the
searches without results, and accounts."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkzeugkoffer.backoffice import editor
from werkzeugkoffer.backoffice.admin import HistoryAdmin, VersionedAdmin
from werkzeugkoffer.backoffice.two_factor import enrolment_refusal, enrolment_url, issue_enrolment_link
from werkzeugkoffer.models import (
    AuditEvent,
    FieldOfAction,
    LinkCheck,
    Page,
    Region,
    Synonym,
    TargetGroup,
    ZeroResultQuery,
)


@admin.register(Region)
class RegionAdmin(HistoryAdmin, VersionedAdmin):
    list_display = ["name", "kind", "parent", "official_key"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "official_key"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class TaxonomyAdmin(HistoryAdmin, VersionedAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(FieldOfAction, TaxonomyAdmin)
admin.site.register(TargetGroup, TaxonomyAdmin)


@admin.register(Synonym)
class SynonymAdmin(HistoryAdmin, VersionedAdmin):
    """The synonym list of the search: read by the Redaktion, maintained by the Freigabe."""

    list_display = ["terms_display", "kind", "updated_at"]
    list_display_links = ["terms_display"]
    list_filter = ["kind"]
    search_fields = ["source", "terms"]
    fields = ["kind", "source", "terms", "updated_at", "opened_version"]
    readonly_fields = ["updated_at"]
    list_per_page = 100

    @admin.display(description="Synonyme", ordering="terms")
    def terms_display(self, synonym):
        return str(synonym)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "terms":
            field.widget.attrs["rows"] = 6
        return field


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
class PageAdmin(editor.RemovalReportAdmin, HistoryAdmin, VersionedAdmin):
    """The legal pages are linked from every page footer, so editors change them but never add or remove one."""

    list_display = ["title", "slug", "missing_details", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["slug", "updated_at"]
    fields = ["title", "slug", "body", "missing_details", "updated_at", "opened_version"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "body":
            editor.use_editor(field, headings=True)
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


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    """Searches without results whose text was stored, read-only: counted by the public search
    (werkzeugkoffer/catalogue/query_log.py), read by both roles; digests and uncounted rows stay out of sight."""

    list_display = ["text", "day", "place", "searches"]
    list_filter = ["place"]
    search_fields = ["text"]
    date_hierarchy = "day"
    fields = ["text", "day", "place", "searches"]
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).with_text()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Imported above, django.contrib.auth's admin has registered its own; this one replaces it.
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Django's user admin, plus the links with which staff set up their second factor (issued by superusers)."""

    list_display = [*UserAdmin.list_display, "two_factor"]
    list_select_related = ["enrolment_link"]
    actions = ["issue_enrolment_links"]

    def get_queryset(self, request):
        has_app = Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        return super().get_queryset(request).annotate(has_app=has_app)

    @admin.display(description="Zwei-Faktor-Anmeldung")
    def two_factor(self, user):
        if user.has_app:
            return "eingerichtet"
        link = getattr(user, "enrolment_link", None)
        if link is None:
            return "–"
        if link.is_used():
            return "Link verwendet"
        if link.is_expired():
            return "Link abgelaufen"
        return f"Link gültig bis {date_format(timezone.localtime(link.expires_at), 'SHORT_DATETIME_FORMAT')}"

    def has_enrol_permission(self, request):
        return request.user.is_superuser

    def get_urls(self):
        view = self.admin_site.admin_view(self.enrolment_link_view)
        return [path("<id>/einrichtungslink/", view, name="auth_user_enrolment_link"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_issue_enrolment_link": self.has_enrol_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Einrichtungslink ausstellen", permissions=["enrol"])
    def issue_enrolment_links(self, request, queryset):
        """Issue a link for each selected account that can have one and show the links, this once."""
        issued = []
        for user in queryset.order_by("username"):
            if refusal := enrolment_refusal(user):
                messages.error(request, refusal)
                continue
            token, link = issue_enrolment_link(user, request)
            issued.append({"user": user, "url": enrolment_url(token, request), "expires_at": link.expires_at})
        if not issued:
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Einrichtungslinks",
            "opts": self.opts,
            "issued": issued,
        }
        return TemplateResponse(request, "admin/auth/user/enrolment_links.html", context)

    def enrolment_link_view(self, request, id):
        """The button „Einrichtungslink ausstellen“ on an account's page: asks first, then issues and shows it."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not self.has_enrol_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            response = self.issue_enrolment_links(request, User.objects.filter(pk=user.pk))
            return response or redirect(reverse("admin:auth_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Einrichtungslink ausstellen",
            "opts": self.opts,
            "original": user,
            "refusal": enrolment_refusal(user),
        }
        return TemplateResponse(request, "admin/auth/user/enrolment_link_confirm.html", context)
