from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from divert.api.main import api
from divert.core.views import SignInView, admin_sign_in

urlpatterns = [
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/login/", admin_sign_in, name="admin_sign_in"),  # the site's lockout and audit, before admin's own
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("registers/", include("divert.registers.urls")),
    path("imports/", include("divert.ingest.urls")),
    path("matching/", include("divert.matching.urls")),
    path("incidents/", include("divert.incidents.urls")),
    path("missing/", include("divert.missing.urls")),
    path("protocol/", include("divert.protocol.urls")),
    path("exploitation/", include("divert.exploitation.urls")),
    path("early-help/", include("divert.earlyhelp.urls")),
    path("outcomes/", include("divert.outcomes.urls")),
    path("", include("divert.core.urls")),
]
