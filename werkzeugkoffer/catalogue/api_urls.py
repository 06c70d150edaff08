from django.urls import path

from werkzeugkoffer.catalogue import api, suggestions

app_name = "api"

urlpatterns = [
    path("praxisbeispiele/", api.example_list, name="example-list"),
    path("praxisbeispiele/<slug:slug>/", api.example_detail, name="example-detail"),
    path("foerderprogramme/", api.programme_list, name="programme-list"),
    path("foerderprogramme/<slug:slug>/", api.programme_detail, name="programme-detail"),
    path("beratung/", api.contact_list, name="contact-list"),
    path("beratung/<slug:slug>/", api.contact_detail, name="contact-detail"),
    path("handlungsempfehlungen/", api.recommendation_list, name="recommendation-list"),
    path("handlungsempfehlungen/<slug:slug>/", api.recommendation_detail, name="recommendation-detail"),
    path("vorschlaege/", suggestions.suggest, name="suggestions"),
]
