"""Core pages: the home page for each role and the access log (administrators only)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.shortcuts import render

from . import menus, selectors
from .roles import Role
from .scoping import provider_of, require_roles, role_of


@login_required
def home(request):
    role = role_of(request.user)
    context = {
        "role": role,
        "role_label": Role(role).label if role else "",
        "tasks": menus.home_tasks(request.user, role),
        "provider": provider_of(request.user) if role == Role.PROVIDER_MANAGER else None,
    }
    return render(request, "core/home.html", context)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them GOV.UK Frontend's icon."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("govuk/assets/images/favicon.ico"), permanent=True)


@require_roles(Role.ADMINISTRATOR)
def access_log(request):
    filters = {
        "username": request.GET.get("user", "").strip()[:150],
        "child": request.GET.get("child", "").strip()[:20],
        "channel": request.GET.get("channel", "").strip()[:16],
        "date_from": _date(request.GET.get("from", "").strip()),
        "date_to": _date(request.GET.get("to", "").strip()),
    }
    page = Paginator(selectors.access_log(**filters), 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/access_log.html", {
        "page": page, "filters": filters, "query": query.urlencode(),
        "channels": ["page", "api", "export", "email", "cli"],
        "bad_dates": (request.GET.get("from") and not filters["date_from"])
        or (request.GET.get("to") and not filters["date_to"]),
    })


class SignInView(LoginView):
    """Django's sign-in with a lockout: after 5 failed attempts for a username in 15 minutes, further attempts are
    refused (even with the right password) until the window passes. Successes and failures are audited."""

    template_name = "core/sign_in.html"

    def post(self, request, *args, **kwargs):
        from .actions import SIGN_IN_LOCKOUT_MINUTES, sign_in_locked

        username = request.POST.get("username", "")
        if username and sign_in_locked(username=username):
            form = self.get_form()
            form.errors.clear()
            context = self.get_context_data(form=form, locked_minutes=SIGN_IN_LOCKOUT_MINUTES)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        from .actions import record_sign_in

        response = super().form_valid(form)
        record_sign_in(user=form.get_user())
        return response

    def form_invalid(self, form):
        from .actions import record_failed_sign_in

        record_failed_sign_in(username=self.request.POST.get("username", ""))
        return super().form_invalid(form)


ADMIN_SIGN_IN = "admin sign-in page"


def admin_sign_in(request, *args, **kwargs):
    """Django admin's sign-in behind the site's lockout: failures are audited and count towards the same limit
    (SIGN_IN_MAX_FAILURES in SIGN_IN_LOCKOUT_MINUTES per username); a locked username is refused even with the
    right password."""
    from django.contrib import admin

    from .actions import SIGN_IN_LOCKOUT_MINUTES, record_failed_sign_in, record_sign_in, sign_in_locked

    username = request.POST.get("username", "") if request.method == "POST" else ""
    if username and sign_in_locked(username=username):
        context = {**admin.site.each_context(request), "title": "Log in", "locked_minutes": SIGN_IN_LOCKOUT_MINUTES,
                   "form": None}
        return render(request, "admin/locked.html", context, status=429)
    response = admin.site.login(request, *args, **kwargs)
    if request.method == "POST":
        if request.user.is_authenticated and response.status_code == 302:
            record_sign_in(user=request.user)
        else:
            record_failed_sign_in(username=username, where=ADMIN_SIGN_IN)
    return response
