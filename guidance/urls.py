from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("<slug:slug>/", views.recommendation_detail, name="detail"),
]
