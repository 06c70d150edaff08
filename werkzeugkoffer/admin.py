"""The admin of the shared models: regions, taxonomies, synonyms, legal pages, link checks, the audit log, the
searches without results, and accounts."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkzeugkoffer.backoffice import approvals, editor
from werkzeugkoffer.backoffice.admin import HistoryAdmin, VersionedAdmin
from werkzeugkoffer.backoffice.dashboard import catalogues
from werkzeugkoffer.backoffice.two_factor import enrolment_refusal, enrolment_url, issue_enrolment_link
from werkzeugkoffer.models import (
    ApprovalKind,
    ApprovalRequest,
    AuditEvent,
    FieldOfAction,
    LinkCheck,
    Page,
    Region,
    Synonym,
    TargetGroup,
    ZeroResultQuery,
)

# Membership in either group gives an account access to the back office (staff status); see PortalUserAdmin.
ROLES = ("Redaktion", "Freigabe")


class ContentTypeFilter(admin.SimpleListFilter):
    """The kinds of entries by their German names: the catalogues and whatever else the list names (such as
    accounts), never the technical models behind them (versions, recorded links) that Django's filter lists."""

    title = "Inhaltstyp"
    parameter_name = "inhaltstyp"

    def lookups(self, request, model_admin):
        used = model_admin.model.objects.order_by().exclude(content_type=None).values("content_type").distinct()
        models = {*catalogues(), *(kind.model_class() for kind in ContentType.objects.filter(pk__in=used))}
        kinds = ContentType.objects.get_for_models(*(model for model in models if model is not None))
        choices = [(str(kind.pk), capfirst(model._meta.verbose_name_plural)) for model, kind in kinds.items()]
        return sorted(choices, key=lambda choice: str(choice[1]).lower())

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookup_choices):
            return queryset.filter(content_type_id=self.value())
        return queryset


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

    list_display = ["url", "status", "status_code", "content_type", "field_name", "checked_at"]
    list_filter = ["status", ContentTypeFilter]
    search_fields = ["url", "final_url", "error"]
    date_hierarchy = "checked_at"

    @admin.display(description="Feld", ordering="field")
    def field_name(self, check):
        return check.field_label()

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
    list_filter = ["action", ContentTypeFilter]
    search_fields = ["username", "object_repr", "details", "request_id"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CatalogueFilter(admin.SimpleListFilter):
    """The catalogue of the entry, by its German name."""

    title = "Katalog"
    parameter_name = "katalog"

    def lookups(self, request, model_admin):
        from werkzeugkoffer.backoffice.dashboard import catalogues

        return [(model._meta.model_name, model._meta.verbose_name_plural) for model in catalogues()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type__model=self.value())
        return queryset


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(admin.ModelAdmin):
    """What waits for the Freigabe, and what came of it: each request opens a page with the differences, where the
    Freigabe approves or returns it with a note (backoffice/approvals.py). Both roles read the list."""

    list_display = ["entry_link", "kind", "state", "author_name", "submitted_at", "short_note", "decided"]
    # entry_link is the link; the admin's own link around the first column would nest two.
    list_display_links = None
    list_filter = ["state", "kind", CatalogueFilter]
    search_fields = ["object_repr", "note", "decision_note", "author__username", "author__last_name"]
    list_select_related = ["author", "decided_by", "content_type"]
    date_hierarchy = "submitted_at"
    list_per_page = 50

    @admin.display(description="Eintrag", ordering="object_repr")
    def entry_link(self, approval):
        url = reverse("admin:werkzeugkoffer_approvalrequest_change", args=[approval.pk])
        return format_html('<a href="{}">{}</a>', url, approval.object_repr)

    @admin.display(description="eingereicht von", ordering="author__username")
    def author_name(self, approval):
        return approvals.user_name(approval.author)

    @admin.display(description="Anmerkung")
    def short_note(self, approval):
        return Truncator(approval.note).chars(120) or "–"

    @admin.display(description="Entscheidung")
    def decided(self, approval):
        if approval.is_pending():
            return "–"
        when = date_format(timezone.localtime(approval.decided_at), "j. F Y, H:i")
        return f"{approvals.user_name(approval.decided_by)}, {when}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        preview = path(
            "<path:object_id>/vorschau/",
            self.admin_site.admin_view(self.preview_view),
            name="werkzeugkoffer_approvalrequest_preview",
        )
        return [preview, *super().get_urls()]

    def approval_or_404(self, request, object_id):
        approval = self.get_object(request, unquote(object_id))
        if approval is None or not self.has_view_permission(request, approval):
            raise Http404
        return approval

    def change_view(self, request, object_id, form_url="", extra_context=None):
        approval = self.approval_or_404(request, object_id)
        entry = approval.entry
        model = approval.content_type.model_class()
        may_decide = approval.is_pending() and entry is not None and approvals.may_publish(request.user, model)
        if request.method == "POST":
            return self.decide(request, approval, may_decide)
        changes, stale = [], False
        if entry is not None and approval.kind == ApprovalKind.CHANGE and approval.is_pending():
            changes = approvals.proposed_changes(approval, entry)
            stale = entry.version != approval.base_version
        opts = model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Freigabe: {approval.object_repr}",
            "opts": self.opts,
            "approval": approval,
            "entry": entry,
            "entry_opts": opts,
            "entry_change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[approval.object_id])
            if entry is not None
            else "",
            "changes": changes,
            "stale": stale,
            "may_decide": may_decide,
            "may_withdraw": approval.is_pending() and request.user.pk == approval.author_id,
            "author": approvals.user_name(approval.author),
            "decided_by": approvals.user_name(approval.decided_by),
        }
        return TemplateResponse(request, "admin/approval_review.html", context)

    def decide(self, request, approval, may_decide):
        decision = request.POST.get("decision")
        note = request.POST.get("decision_note", "")[:2000]
        try:
            if decision == "freigeben" and may_decide:
                entry, missing = approvals.approve(approval, request.user, note.strip(), request)
                message = f"„{entry}“ ist freigegeben und öffentlich (Fassung {entry.version})."
                if missing:
                    message += " Diese Fotos fehlen als Datei und wurden ausgelassen: " + ", ".join(missing) + "."
                self.message_user(request, message, messages.SUCCESS)
            elif decision == "zurueckgeben" and may_decide:
                approvals.send_back(approval, request.user, note, request)
                self.message_user(
                    request, f"„{approval.object_repr}“ ist mit Ihrer Anmerkung zurückgegeben.", messages.SUCCESS
                )
            elif decision == "zurueckziehen" and approval.is_pending() and request.user.pk == approval.author_id:
                approvals.withdraw(approval, request.user, request)
                self.message_user(request, "Sie haben Ihre Anfrage zurückgezogen.", messages.SUCCESS)
            else:
                raise PermissionDenied
        except approvals.ApprovalError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.path)
        return redirect("admin:werkzeugkoffer_approvalrequest_changelist")

    def preview_view(self, request, object_id):
        """The public page of the entry as it would look with the waiting change, never saved."""
        approval = self.approval_or_404(request, object_id)
        entry = approval.entry
        if entry is None or approval.kind != ApprovalKind.CHANGE or not approval.is_pending():
            raise Http404
        with approvals.rolled_back():
            approvals.apply_snapshot(entry, approval.data)
            match = resolve(entry.get_absolute_url())
            request.proposed_change = approval
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
        return response


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
    """Django's user admin, plus the links with which staff set up their second factor (issued by superusers).

    Putting an account into „Redaktion“ or „Freigabe“ gives it staff status, which Django's login to the back
    office requires; taking it out of the last of them takes the status away again (not from superusers).
    """

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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "is_staff" in form.base_fields:
            form.base_fields["is_staff"].help_text = (
                "Wird beim Speichern gesetzt, wenn das Konto zur Gruppe „Redaktion“ oder „Freigabe“ gehört, und "
                "entfernt, wenn es aus der letzten dieser Gruppen genommen wird (außer bei Administratoren). "
                "Anmelden kann sich das Konto erst, wenn es die Zwei-Faktor-Anmeldung mit einem Einrichtungslink "
                "eingerichtet hat."
            )
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        had_role = any(group.name in ROLES for group in form.initial.get("groups", []))
        self.match_staff_status_to_roles(request, form.instance, had_role)

    def match_staff_status_to_roles(self, request, user, had_role):
        """Give user staff status when in a role group; take it away when the last role group was just removed."""
        has_role = user.groups.filter(name__in=ROLES).exists()
        name = user.get_username()
        if has_role and not user.is_staff:
            user.is_staff = True
            message = (
                f"Das Konto „{name}“ gehört zur Gruppe „Redaktion“ oder „Freigabe“ und hat damit jetzt Zugang zum "
                "Redaktionsbereich (Mitarbeiter-Status). Zum Anmelden braucht es noch die Zwei-Faktor-Anmeldung: "
                "Stellen Sie dafür einen Einrichtungslink aus."
            )
        elif had_role and not has_role and user.is_staff and not user.is_superuser:
            user.is_staff = False
            message = (
                f"Das Konto „{name}“ gehört keiner der Gruppen „Redaktion“ und „Freigabe“ mehr und hat damit keinen "
                "Zugang zum Redaktionsbereich mehr (Mitarbeiter-Status entfernt)."
            )
        else:
            return
        user.save(update_fields=["is_staff"])
        self.message_user(request, message, messages.INFO)

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
