"""Who may see which homes and children (ADR 0004 access scoping).

Every page, API endpoint and export that shows a child takes its querysets from here. Provider managers see
only their own provider's homes and the children currently placed there (data minimisation). Prosecutors see only
the children and homes a higher app gives them by registration (the protocol app: children with a case referred to
the CPS, and the homes of those children's placements; ADR 0025, ADR 0042); unregistered, they see none.
Leaving-care advisers see only the care leavers allocated to them (`Child.leaving_care_adviser`; ADR 0040). Every
other role sees every child in care and every home; what they may *do* is decided per view.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from divert.core.roles import ALL_CHILDREN_ROLES, Role
from divert.core.scoping import provider_of, role_of

from .models import Child, Home

# Roles whose children are decided by a higher app, registered from its AppConfig.ready() with add_child_scope.
# A scope takes the user and returns a queryset of Child primary keys. A role here with no scope sees no child.
SCOPED_BY_REGISTRATION = frozenset({Role.PROSECUTOR})
CHILD_SCOPES: dict[str, Callable[[Any], QuerySet]] = {}
HOME_SCOPES: dict[str, Callable[[Any], QuerySet]] = {}


def add_child_scope(role: str, scope: Callable[[Any], QuerySet]) -> None:
    """Register `scope(user) -> queryset of child pks` as what `role` may see (re-registering replaces)."""
    CHILD_SCOPES[role] = scope


def add_home_scope(role: str, scope: Callable[[Any], QuerySet]) -> None:
    """Register `scope(user) -> queryset of home pks` as the homes `role` may see (re-registering replaces)."""
    HOME_SCOPES[role] = scope


def homes_visible_to(user) -> QuerySet:
    role = role_of(user)
    if role is None:
        return Home.objects.none()
    if role == Role.PROVIDER_MANAGER:
        provider = provider_of(user)
        return Home.objects.filter(provider=provider) if provider else Home.objects.none()
    if role in SCOPED_BY_REGISTRATION:
        scope = HOME_SCOPES.get(role)
        return Home.objects.filter(pk__in=scope(user)) if scope is not None else Home.objects.none()
    return Home.objects.all()


def children_visible_to(user, *, on: dt.date | None = None) -> QuerySet:
    """Children the user may see. Provider managers: children placed at their homes on `on` (default today)."""
    role = role_of(user)
    if role is None:
        return Child.objects.none()
    if role == Role.PROVIDER_MANAGER:
        on = on or timezone.localdate()
        placed = Q(placements__home__in=homes_visible_to(user), placements__decom__lte=on) & (
            Q(placements__dec__isnull=True) | Q(placements__dec__gte=on)
        )
        return Child.objects.filter(placed).distinct()
    if role in SCOPED_BY_REGISTRATION:
        scope = CHILD_SCOPES.get(role)
        return Child.objects.filter(pk__in=scope(user)) if scope is not None else Child.objects.none()
    if role == Role.LEAVING_CARE:
        return allocated_care_leavers(user)
    return Child.objects.all()


def allocated_care_leavers(user) -> QuerySet:
    """The care leavers allocated to a leaving-care adviser (their caseload), and no other child (ADR 0040)."""
    return Child.objects.filter(leaving_care_adviser=user) if user.pk else Child.objects.none()


def child_records_visible_to(user, qs: QuerySet, *, child: str = "child", home: str = "home") -> QuerySet:
    """The one scoping rule for records about one child made at a home (missing episodes, protocol cases).

    A user sees such a record only while they may see its child (`children_visible_to`, i.e. for a provider
    manager: the child is placed at one of their homes today; for a leaving-care adviser: the child is allocated to
    them). Provider managers, in addition, see only the records made at their own homes (data minimisation: not
    the child's history with another provider). Roles that see every child see every record; a user without a
    role sees none.
    """
    role = role_of(user)
    if role is None:
        return qs.none()
    if role == Role.PROVIDER_MANAGER:
        return qs.filter(**{f"{child}__in": children_visible_to(user).values("pk"),
                            f"{home}__in": homes_visible_to(user).values("pk")})
    if role not in ALL_CHILDREN_ROLES:
        return qs.filter(**{f"{child}__in": children_visible_to(user).values("pk")})
    return qs


def can_see_child(user, child) -> bool:
    return children_visible_to(user).filter(pk=child.pk).exists()


def can_see_home(user, home) -> bool:
    return homes_visible_to(user).filter(pk=home.pk).exists()
