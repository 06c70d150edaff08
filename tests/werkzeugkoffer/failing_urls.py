"""The portal's URLconf plus views that fail, for the tests of the error pages."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from werkzeugkoffer.urls import handler500  # noqa: F401 (the portal's error handler applies here too)
from werkzeugkoffer.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("Absichtlicher Fehler für den Test der Fehlerseite")


def database_down(request):
    raise OperationalError('connection to server on socket "/tmp/.s.PGSQL.5432" failed: No such file or directory')


def connection_closed(request):
    raise InterfaceError("connection already closed")


urlpatterns = [
    path("kaputt/", broken),
    path("datenbank-weg/", database_down),
    path("verbindung-zu/", connection_closed),
    path("api/v1/kaputt/", broken),
    path("api/v1/datenbank-weg/", database_down),
    *portal_urlpatterns,
]
