from django.urls import path

from alerts import calendars, feeds, views
from alerts.models import Catalogue

app_name = "alerts"

urlpatterns = [
    # Beside the lists whose query string they take: /foerderprogramme/feed/?handlungsfeld=…; one name for the four,
    # reversed with the catalogue: {% url 'alerts:feed' catalogue="beratung" %}.
    *[
        path(f"{catalogue}/feed/", feeds.CatalogueFeed(), {"catalogue": catalogue}, name="feed")
        for catalogue in Catalogue
    ],
    path("foerderprogramme/fristen.ics", calendars.deadlines_calendar, name="deadlines"),
    path("foerderprogramme/<slug:slug>/frist.ics", calendars.deadline_calendar, name="deadline"),
    path("benachrichtigungen/", views.subscribe, name="subscribe"),
    path("benachrichtigungen/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("benachrichtigungen/verwalten/<str:token>/", views.manage, name="manage"),
]
