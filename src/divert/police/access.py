"""Which police incidents a user may see (ADR 0004 access scoping).

Provider managers see the incidents at their own homes only (not incidents elsewhere: data minimisation; the
CiCPO shares what a home needs to know). Roles scoped by registration (the prosecutor) see only the incidents a
higher app gives them (the protocol app: incidents linked to a case referred to the CPS; ADR 0042); unregistered,
none. Every other role sees every incident.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from divert.core.roles import CASELOAD_ROLES, PROSECUTORS, Role
from divert.core.scoping import role_of
from divert.registers.access import children_visible_to, homes_visible_to

from .models import Incident, Involvement, LinkStatus

# Roles whose incidents a higher app decides (add_incident_scope; none registered: none seen).
INCIDENTS_BY_REGISTRATION = PROSECUTORS
# Roles scoped to a caseload of children (core.roles.CASELOAD_ROLES: leaving-care advisers, PCSOs) see only the
# incidents that name a child on it, since an incident's narrative names everyone involved.
INCIDENT_SCOPES: dict[str, Callable[[Any], QuerySet]] = {}


def add_incident_scope(role: str, scope: Callable[[Any], QuerySet]) -> None:
    """Register `scope(user) -> queryset of incident pks` as what `role` may see (re-registering replaces)."""
    INCIDENT_SCOPES[role] = scope


def incidents_visible_to(user) -> QuerySet:
    role = role_of(user)
    if role is None:
        return Incident.objects.none()
    if role == Role.PROVIDER_MANAGER:
        return Incident.objects.filter(home__in=homes_visible_to(user))
    if role in INCIDENTS_BY_REGISTRATION:
        scope = INCIDENT_SCOPES.get(role)
        return Incident.objects.filter(pk__in=scope(user)) if scope is not None else Incident.objects.none()
    if role in CASELOAD_ROLES:
        caseload = children_visible_to(user).values("pk")
        naming = Involvement.objects.filter(child__in=caseload, link_status=LinkStatus.LINKED)
        return Incident.objects.filter(pk__in=naming.values("incident_id"))
    return Incident.objects.all()
