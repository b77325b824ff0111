"""Writes owned by core: users and roles, API tokens, sign-in records. Each writes an audit row."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .audit import record_audit
from .models import ApiToken, Profile
from .roles import ROLE_AGENCY, Role


@transaction.atomic
def create_user(*, actor, username: str, role: str, password: str, provider=None, email: str = "",
                first_name: str = "", last_name: str = ""):
    """Create a user with a role (and a provider, for provider managers, who must have one)."""
    role = Role(role)
    if role == Role.PROVIDER_MANAGER and provider is None:
        raise ValueError("A provider manager must belong to a provider.")
    if role != Role.PROVIDER_MANAGER and provider is not None:
        raise ValueError("Only provider managers belong to a provider.")
    user = get_user_model().objects.create_user(username=username, password=password, email=email,
                                                first_name=first_name, last_name=last_name)
    if role == Role.ADMINISTRATOR:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    Profile.objects.create(user=user, role=role, agency=ROLE_AGENCY[role], provider=provider)
    record_audit(actor=actor, action="user.created", obj=user,
                 detail={"role": str(role), "provider_id": getattr(provider, "pk", None)},
                 actor_label="" if actor else "system: divert users")
    return user


@transaction.atomic
def issue_api_token(*, actor, user, name: str) -> tuple[ApiToken, str]:
    """Issue a bearer token for `user`. The token is returned once; only its digest is stored."""
    token, secret = ApiToken.issue(user=user, name=name)
    record_audit(actor=actor, action="api_token.issued", obj=token, detail={"user_id": user.pk, "name": name},
                 actor_label="" if actor else "system: divert token")
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(actor=actor, action="api_token.revoked", obj=token, detail={"user_id": token.user_id},
                     actor_label="" if actor else "system: divert token")
    return token


# --- sign-in throttling -----------------------------------------------------------------------------------------

SIGN_IN_MAX_FAILURES = 5
SIGN_IN_LOCKOUT_MINUTES = 15


def _username_key(username: str) -> str:
    return username.strip().lower()[:100]


def record_sign_in(*, user) -> None:
    record_audit(actor=user, action="sign_in.succeeded", obj=user)


def record_failed_sign_in(*, username: str, where: str = "sign-in page") -> None:
    """A failed sign-in, kept as an audit row (so lockouts work across server processes and are reviewable).
    The site's sign-in page and the admin sign-in page count towards the same lockout."""
    record_audit(actor=None, action="sign_in.failed", object_type="auth.User", object_id=_username_key(username),
                 actor_label=where)


def sign_in_locked(*, username: str) -> bool:
    """True after SIGN_IN_MAX_FAILURES failures for this username within SIGN_IN_LOCKOUT_MINUTES."""
    import datetime as dt

    from .models import AuditEvent

    since = timezone.now() - dt.timedelta(minutes=SIGN_IN_LOCKOUT_MINUTES)
    failures = AuditEvent.objects.filter(action="sign_in.failed", object_type="auth.User",
                                         object_id=_username_key(username), at__gte=since).count()
    return failures >= SIGN_IN_MAX_FAILURES
