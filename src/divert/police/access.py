"""Which police incidents a user may see (ADR 0004 access scoping).

Provider managers see the incidents at their own homes only (not incidents elsewhere: data minimisation; the
CiCPO shares what a home needs to know). Roles scoped by registration (the prosecutor) see only the incidents a
higher app gives them (the protocol app: incidents linked to a case referred to the CPS; ADR 0042); unregistered,
none. Every other role sees every incident.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from divert.core.roles import PROSECUTORS, Role
from divert.core.scoping import role_of
from divert.registers.access import homes_visible_to

from .models import Incident

# Roles whose incidents a higher app decides (add_incident_scope; none registered: none seen). PCSOs, as police,
# see the police's incidents, with only their own caseload's children named (the daily list's redaction).
INCIDENTS_BY_REGISTRATION = PROSECUTORS
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
    return Incident.objects.all()
