from django.apps import AppConfig


class FoerdercheckConfig(AppConfig):
    name = "foerdercheck"
    verbose_name = "Förder-Check"
