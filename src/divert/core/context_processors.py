def navigation(request):
    from .menus import nav_for

    user = getattr(request, "user", None)
    profile = getattr(user, "profile", None) if user is not None and user.is_authenticated else None
    role = getattr(profile, "role", None)
    return {"divert_role": role, "divert_profile": profile, "divert_nav": nav_for(role),
            "divert_path": getattr(request, "path", "")}
