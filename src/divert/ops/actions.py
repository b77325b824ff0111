"""Writes owned by ops: the demo accounts. Each writes an audit row (through core's actions)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count

from divert.core.actions import create_user
from divert.core.audit import record_audit
from divert.core.roles import Role
from divert.registers.models import Provider

# Demo only: `divert demo accounts` creates one account per role with this password. Never run it in production.
DEMO_PASSWORD = "divert-demo"
DEMO_USERNAME_PREFIX = "demo-"


@dataclass
class DemoAccount:
    username: str
    role: str
    password: str
    provider: str
    created: bool


def demo_provider():
    """The provider with the most homes, so the demo provider manager has something to see."""
    return Provider.objects.annotate(n=Count("homes")).order_by("-n", "name").first()


@transaction.atomic
def ensure_demo_accounts(*, actor=None) -> list[DemoAccount]:
    """One account per role, `demo-<role>`, password DEMO_PASSWORD. Idempotent: existing accounts are left as
    they are (a provider manager without a provider is given the demo provider once one exists)."""
    User = get_user_model()  # noqa: N806
    provider = demo_provider()
    accounts = []
    for role in Role:
        username = f"{DEMO_USERNAME_PREFIX}{role.value.replace('_', '-')}"
        user = User.objects.filter(username=username).select_related("profile__provider").first()
        created = False
        if user is None:
            wants_provider = provider if role == Role.PROVIDER_MANAGER else None
            if role == Role.PROVIDER_MANAGER and wants_provider is None:
                # No providers loaded yet: the account is created on the next run, after an import.
                accounts.append(DemoAccount(username, role.label, DEMO_PASSWORD, "(none loaded yet)", False))
                continue
            user = create_user(actor=actor, username=username, role=role, password=DEMO_PASSWORD,
                               provider=wants_provider, email=f"{username}@demo.invalid")
            created = True
        profile = user.profile
        if role == Role.PROVIDER_MANAGER and profile.provider_id is None and provider is not None:
            profile.provider = provider
            profile.save(update_fields=["provider"])
            record_audit(actor=actor, action="profile.provider_set", obj=profile, detail={"provider_id": provider.pk},
                         actor_label="" if actor else "system: divert demo")
        accounts.append(DemoAccount(username, role.label, DEMO_PASSWORD,
                                    str(profile.provider) if profile.provider_id else "", created))
    return accounts


# The demo leaving-care adviser's caseload: children aged 16 or 17 (a personal adviser is allocated from 16), the
# oldest first. Divert product decision for the demo only; a council allocates its own in the Django admin.
DEMO_CARE_LEAVERS = 20


def allocate_demo_care_leavers(*, today=None) -> int:
    """Give the demo leaving-care adviser a caseload, once (an adviser who already has one is left as they are).
    Returns how many children were allocated."""
    from django.utils import timezone

    from divert.registers.actions import allocate_leaving_care_adviser
    from divert.registers.models import Child

    adviser = get_user_model().objects.filter(username=f"{DEMO_USERNAME_PREFIX}leaving-care").first()
    if adviser is None or Child.objects.filter(leaving_care_adviser=adviser).exists():
        return 0
    today = today or timezone.localdate()
    born_after, born_by = _years_before(today, 18), _years_before(today, 16)
    children = (Child.objects.filter(date_of_birth__gt=born_after, date_of_birth__lte=born_by,
                                     leaving_care_adviser__isnull=True, placements__isnull=False)
                .distinct().order_by("date_of_birth", "child_id")[:DEMO_CARE_LEAVERS])
    for child in children:
        allocate_leaving_care_adviser(actor=None, child=child, adviser=adviser)
    return len(children)


def _years_before(day, years: int):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
