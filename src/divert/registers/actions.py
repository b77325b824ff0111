"""Writes owned by the registers that are not imports: allocating a care leaver to a leaving-care adviser.

The SSDA903 holds no field for a care leaver's personal adviser, so the council records it in Divert (an
administrator in the Django admin, or this action). Each write is audited.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from divert.core.audit import record_audit
from divert.core.roles import ADMINISTRATORS, Role
from divert.core.scoping import role_of

from .models import Child


@transaction.atomic
def allocate_leaving_care_adviser(*, actor, child: Child, adviser) -> Child:
    """Allocate `child` to the leaving-care adviser `adviser` (None: no adviser). The adviser then sees the child,
    and only their allocated children (registers.access, ADR 0040)."""
    if actor is not None and role_of(actor) not in ADMINISTRATORS:
        raise PermissionDenied("Only an administrator allocates care leavers to advisers.")
    if adviser is not None and role_of(adviser) != Role.LEAVING_CARE:
        raise ValidationError("A care leaver can only be allocated to a leaving-care adviser.")
    child = Child.objects.select_for_update().get(pk=child.pk)
    before = child.leaving_care_adviser_id
    child.leaving_care_adviser = adviser
    child.save(update_fields=["leaving_care_adviser"])
    record_audit(actor=actor, action="registers.leaving_care_adviser_set", obj=child,
                 detail={"adviser": adviser.pk if adviser else None, "previous": before},
                 actor_label="" if actor else "system: divert demo")
    return child
