from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


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
