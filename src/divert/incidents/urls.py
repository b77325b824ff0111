from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("daily/", views.daily, name="daily"),
    path("daily/export.<str:fmt>", views.daily_export, name="daily_export"),
    path("follow-ups/", views.followups, name="followups"),
    path("follow-ups/<int:pk>/done/", views.followup_done, name="followup_done"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("provider/", views.provider, name="provider"),
    path("<int:pk>/", views.detail, name="detail"),
]
