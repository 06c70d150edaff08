from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("export/<str:file_format>/", views.programme_export, name="export"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
]
