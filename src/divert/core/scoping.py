"""Who may see what (issue 2, section 4; non-negotiable 4).

Every page, API endpoint and export that shows a child takes its querysets from here. Provider managers see
only their own provider's homes, the children currently placed there, and the police incidents at those homes
(not incidents elsewhere: data minimisation; the CiCPO shares what a home needs to know).
Every other role sees every child in care; what they may *do* is decided per view.
"""

import datetime as dt
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from .roles import Role


def role_of(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "role", None)


def provider_of(user):
    profile = getattr(user, "profile", None)
    return getattr(profile, "provider", None)


def is_provider_manager(user) -> bool:
    return role_of(user) == Role.PROVIDER_MANAGER


def homes_visible_to(user) -> QuerySet:
    from divert.registers.models import Home

    role = role_of(user)
    if role is None:
        return Home.objects.none()
    if role == Role.PROVIDER_MANAGER:
        provider = provider_of(user)
        return Home.objects.filter(provider=provider) if provider else Home.objects.none()
    return Home.objects.all()


def children_visible_to(user, *, on: dt.date | None = None) -> QuerySet:
    """Children the user may see. Provider managers: children placed at their homes on `on` (default today)."""
    from divert.registers.models import Child

    role = role_of(user)
    if role is None:
        return Child.objects.none()
    if role == Role.PROVIDER_MANAGER:
        on = on or timezone.localdate()
        placed = Q(placements__home__in=homes_visible_to(user), placements__decom__lte=on) & (
            Q(placements__dec__isnull=True) | Q(placements__dec__gte=on)
        )
        return Child.objects.filter(placed).distinct()
    return Child.objects.all()


def incidents_visible_to(user) -> QuerySet:
    from divert.incidents.models import Incident

    role = role_of(user)
    if role is None:
        return Incident.objects.none()
    if role == Role.PROVIDER_MANAGER:
        return Incident.objects.filter(home__in=homes_visible_to(user))
    return Incident.objects.all()


def can_see_child(user, child) -> bool:
    return children_visible_to(user).filter(pk=child.pk).exists()


def can_see_home(user, home) -> bool:
    return homes_visible_to(user).filter(pk=home.pk).exists()


def require_roles(*roles: str):
    """View decorator: signed-in users with one of `roles` only (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            from django.contrib.auth.views import redirect_to_login

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def check_roles(user, *roles: str) -> None:
    """For API endpoints and actions: raise PermissionDenied unless the user has one of `roles`."""
    if role_of(user) not in roles:
        raise PermissionDenied("Your role does not allow this.")
