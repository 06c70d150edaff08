from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    # Before the details: no entry may take the slug „karte“ (a constraint of the model).
    path("karte/", views.contact_map, name="map"),
    path("export/<str:file_format>/", views.contact_export, name="export"),
    path("<slug:slug>/", views.contact_detail, name="detail"),
]
