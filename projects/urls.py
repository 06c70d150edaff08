from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.example_list, name="list"),
    path("<slug:slug>/", views.example_detail, name="detail"),
]
