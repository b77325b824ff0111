from django.urls import path

from . import views

app_name = "registers"
urlpatterns = [
    path("children/", views.children, name="children"),
    path("children/<int:pk>/", views.child, name="child"),
    path("homes/", views.homes, name="homes"),
    path("homes/<int:pk>/", views.home, name="home"),
]
