from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.example_list, name="list"),
    # Before the details: no entry may take the slug „karte“ (a constraint of the model).
    path("karte/", views.example_map, name="map"),
    path("export/<str:file_format>/", views.example_export, name="export"),
    path("<slug:slug>/", views.example_detail, name="detail"),
]
