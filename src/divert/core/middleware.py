"""Response headers Django's SecurityMiddleware does not set."""

from django.conf import settings

#: Browser features Divert never uses, switched off for every page (W3C Permissions Policy).
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    """Adds a Permissions-Policy header (settings.PERMISSIONS_POLICY, default: every powerful feature off)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.policy
        return response


class RefusalLogMiddleware:
    """Writes a `refused:` access-log row for every 403 or 404 answer to a signed-in user on a Divert route that
    the view did not log itself (core.audit.refuse), so probing is visible in the access log everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404) and getattr(request, "resolver_match", None) is not None \
                and not getattr(request, "divert_refusal_logged", False) \
                and getattr(getattr(request, "user", None), "is_authenticated", False):
            from .audit import refuse

            refuse(request, what=f"{request.method} {response.status_code}")
        return response
