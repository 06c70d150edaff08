from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Handlungsempfehlungen, Veranstaltungen und Aktuelles"
