from django.apps import AppConfig


class WerkzeugkofferConfig(AppConfig):
    name = "werkzeugkoffer"
    verbose_name = "Regionen und Themen"
