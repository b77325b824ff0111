from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("access-log/", views.access_log, name="access_log"),
    path("favicon.ico", views.favicon, name="favicon"),
]
