from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("ledger/", views.ledger, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/problems.csv", views.problems_csv, name="problems_csv"),
]
