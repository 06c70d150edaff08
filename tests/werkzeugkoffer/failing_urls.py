"""The portal's URLconf plus a view that fails, for the test of the 500 page."""

from django.urls import path

from werkzeugkoffer.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("Absichtlicher Fehler für den Test der Fehlerseite")


urlpatterns = [path("kaputt/", broken), *portal_urlpatterns]
