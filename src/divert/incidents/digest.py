"""The daily email digest: sent to the CiCPOs by `divert daily --email`, and, with
`--providers`, to each provider manager for their own homes only. Each reader gets the list as their role scopes it.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model

from divert.core.audit import log_access
from divert.core.roles import Role

from .notify import send_templated
from .selectors import daily_list


def recipients(*, providers: bool = False):
    roles = [Role.CICPO] + ([Role.PROVIDER_MANAGER] if providers else [])
    return (get_user_model().objects.filter(is_active=True, profile__role__in=roles).exclude(email="")
            .select_related("profile").order_by("pk"))


def _scope_key(user) -> tuple:
    """Readers who see the same list share one rendering: every CiCPO alike; provider managers per provider."""
    profile = user.profile
    return (profile.role, profile.provider_id if profile.role == Role.PROVIDER_MANAGER else None)


def send_digest(*, day: dt.date, providers: bool = False) -> dict[str, int]:
    scopes = defaultdict(list)
    for user in recipients(providers=providers):
        if user.profile.role == Role.PROVIDER_MANAGER and not user.profile.provider_id:
            continue
        scopes[_scope_key(user)].append(user)
    sent = 0
    for users in scopes.values():
        daily = daily_list(user=users[0], day=day)
        ctx = {"daily": daily, "site_url": settings.DIVERT.get("SITE_URL", ""),
               "provider_view": users[0].profile.role == Role.PROVIDER_MANAGER}
        subject = f"Daily incident list for {day:%A %-d %B %Y}: {daily.total} entries"
        sent += send_templated(template="incidents/email/daily_digest", context=ctx, subject=subject,
                               to=[u.email for u in users], separately=True)
        for u in users:
            log_access(user=u, children=daily.child_ids, channel="email", what=f"daily list {day.isoformat()}")
    return {"emails": sent, "scopes": len(scopes)}
