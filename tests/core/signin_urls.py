"""The project's URLs with the sign-in page swapped for core.views.SignInView (the lockout)."""

from django.urls import path

from divert.core.views import SignInView
from divert.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("sign-in/", SignInView.as_view(), name="login"),
               *[p for p in project_urlpatterns if getattr(p, "name", None) != "login"]]
