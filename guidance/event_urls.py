from django.urls import path

from guidance import events

app_name = "events"

urlpatterns = [
    path("", events.event_list, name="list"),
    path("kalender.ics", events.upcoming_calendar, name="feed"),
    path("<slug:slug>/", events.event_detail, name="detail"),
    path("<slug:slug>/kalender.ics", events.event_calendar, name="calendar"),
]
