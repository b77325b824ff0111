"""Which police incidents a user may see (ADR 0004 access scoping).

Provider managers see the incidents at their own homes only (not incidents elsewhere: data minimisation; the
CiCPO shares what a home needs to know). Every other role sees every incident.
"""

from django.db.models import QuerySet

from divert.core.roles import Role
from divert.core.scoping import role_of
from divert.registers.access import homes_visible_to

from .models import Incident


def incidents_visible_to(user) -> QuerySet:
    role = role_of(user)
    if role is None:
        return Incident.objects.none()
    if role == Role.PROVIDER_MANAGER:
        return Incident.objects.filter(home__in=homes_visible_to(user))
    return Incident.objects.all()
