from django.urls import path

from foerdercheck import views

app_name = "foerdercheck"

urlpatterns = [
    path("", views.start, name="start"),
    path("antworten/", views.answers, name="answers"),
    path("ergebnis/", views.result, name="result"),
    # Last, so that the fixed pages above are never read as a question.
    path("<slug:step>/", views.question, name="question"),
]
