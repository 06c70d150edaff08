from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.templatetags.static import static
from django.utils.html import format_html

# What the admin's yes/no icons say to a screen reader (Django writes alt="True", "False" or "None").
BOOLEAN_ICON_TEXTS = {True: ("yes", "ja"), False: ("no", "nein"), None: ("unknown", "unbekannt")}


def boolean_icon(value):
    """Django's yes/no icon of the admin lists and read-only fields, with a German alternative text."""
    icon, text = BOOLEAN_ICON_TEXTS[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


class WerkzeugkofferConfig(AppConfig):
    name = "werkzeugkoffer"
    verbose_name = "Regionen und Themen"

    def ready(self):
        # Registers the system check that the password dictionaries from npm are installed.
        from werkzeugkoffer.backoffice import passwords  # noqa: F401


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin, with the two-factor login and the editors' dashboard as its default site."""

    # Named in INSTALLED_APPS; WerkzeugkofferConfig stays this module's default.
    default = False
    default_site = "werkzeugkoffer.backoffice.sites.PortalAdminSite"

    def ready(self):
        super().ready()
        # Django has no setting for it; its lists, read-only fields and display functions all fetch the icon from
        # this module when they render one.
        from django.contrib.admin.templatetags import admin_list

        admin_list._boolean_icon = boolean_icon
