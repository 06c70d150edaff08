from django.contrib import admin
from django.urls import include, path

from werkzeugkoffer import views

urlpatterns = [
    path("", views.home, name="home"),
    path("praxisbeispiele/", include("projects.urls")),
    path("foerderprogramme/", include("funding.urls")),
    path("beratung/", include("contacts.urls")),
    path("api/v1/", include("werkzeugkoffer.api_urls")),
    path("admin/", admin.site.urls),
]
