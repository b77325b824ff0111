"""Roles of signed-in users and the permission checks built on them.

What a role may *see* is decided by the app that owns the records: `divert.registers.access` (homes, children)
and `divert.police.access` (police incidents). This module knows no Divert app.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

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

        wrapper.divert_roles = roles  # type: ignore[attr-defined]  # read by may_open
        return wrapper

    return decorator


def may_open(user, path: str) -> bool:
    """Whether `user`'s role may open the page at `path`, so that pages link only to what the reader can open
    (a view without `require_roles` is open to any signed-in user; an unknown path is not linked)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    roles = getattr(match.func, "divert_roles", None)
    return roles is None or role_of(user) in roles


def check_roles(user, *roles: str) -> None:
    """For API endpoints and actions: raise PermissionDenied unless the user has one of `roles`."""
    if role_of(user) not in roles:
        raise PermissionDenied("Your role does not allow this.")
