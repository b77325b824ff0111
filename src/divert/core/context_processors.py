def navigation(request):
    profile = getattr(getattr(request, "user", None), "profile", None) if getattr(request, "user", None) else None
    return {"divert_role": getattr(profile, "role", None), "divert_profile": profile}
