from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("export/<str:file_format>/", views.recommendation_export, name="export"),
    path("<slug:slug>/", views.recommendation_detail, name="detail"),
]
