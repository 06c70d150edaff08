"""The e-mail subscriptions in the back office, for the Freigabe only: addresses are personal data.

Nobody adds or edits a subscription here – that is the subscriber's own double opt-in and management page –, but
the Freigabe can find an address (a request to delete it, a complaint about mail) and delete its subscriptions.
"""

import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from alerts.lists import SOURCES, described, list_url
from alerts.models import CONFIRMATION_DAYS, Subscription


class ConfirmedFilter(admin.SimpleListFilter):
    title = "Status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("bestaetigt", "bestätigt"), ("offen", "wartet auf Bestätigung")]

    def queryset(self, request, queryset):
        if self.value() == "bestaetigt":
            return queryset.confirmed()
        if self.value() == "offen":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "catalogue", "list_link", "frequency", "status", "created_at", "last_sent_at"]
    list_filter = [ConfirmedFilter, "catalogue", "frequency"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    fields = [
        "email",
        "catalogue",
        "filters",
        "list_link",
        "frequency",
        "status",
        "created_at",
        "confirmation_sent_at",
        "last_sent_at",
        "covered_until",
    ]
    readonly_fields = fields
    list_per_page = 100

    @admin.display(description="Liste im Portal")
    def list_link(self, subscription):
        url = list_url(SOURCES[subscription.catalogue], subscription.query)
        return format_html('<a href="{}">{}</a>', url, subscription.readable_query())

    @admin.display(description="Suche und Filter")
    def filters(self, subscription):
        return "; ".join(described(SOURCES[subscription.catalogue], subscription.query)) or "keine – alle Einträge"

    @admin.display(description="Status", ordering="confirmed_at")
    def status(self, subscription):
        if subscription.confirmed_at:
            return f"bestätigt am {timezone.localtime(subscription.confirmed_at):%d.%m.%Y}"
        deleted_on = timezone.localtime(subscription.created_at) + datetime.timedelta(days=CONFIRMATION_DAYS)
        return f"wartet auf Bestätigung (wird am {deleted_on:%d.%m.%Y} gelöscht, wenn unbestätigt)"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
