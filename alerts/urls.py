from django.urls import path, register_converter

from alerts import calendars, feeds, views
from alerts.models import Catalogue


class CatalogueConverter:
    regex = "|".join(Catalogue.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CatalogueConverter, "catalogue")

app_name = "alerts"

urlpatterns = [
    # Beside the lists whose query string they take: /foerderprogramme/feed/?handlungsfeld=…
    path("<catalogue:catalogue>/feed/", feeds.CatalogueFeed(), name="feed"),
    path("foerderprogramme/fristen.ics", calendars.deadlines_calendar, name="deadlines"),
    path("foerderprogramme/<slug:slug>/frist.ics", calendars.deadline_calendar, name="deadline"),
    path("benachrichtigungen/", views.subscribe, name="subscribe"),
    path("benachrichtigungen/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("benachrichtigungen/verwalten/<str:token>/", views.manage, name="manage"),
]
