"""API authentication: a session cookie (with CSRF) or a bearer token (core.ApiToken)."""

from ninja.security import HttpBearer, django_auth


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        from divert.core.models import ApiToken

        found = ApiToken.authenticate(token)
        if found is None:
            return None
        request.user = found.user
        return found.user


def auth_methods():
    return [TokenAuth(), django_auth]
