"""Who may see and record early-help work (roles in divert.core.roles; ADR 0044).

- A police community support officer (PCSO) sees only the referrals that name them as the worker, and so only
  those children (registered with `divert.registers.access.add_child_scope`).
- Children's social care (social workers) and the administrator see every referral of a child they may see: the
  early help service makes the referral and names the worker.
- The analyst sees the cohort report's figures only (aggregate), never a referral.
"""

from django.db.models import QuerySet

from divert.core.roles import ANALYSTS, PCSOS, SOCIAL_WORKERS, Role
from divert.core.scoping import role_of
from divert.registers.access import children_visible_to

from .models import Referral

# Who opens the early-help pages that list children.
CASE_ROLES = PCSOS | SOCIAL_WORKERS
# Who makes a referral and names the worker (the early help service, in the council).
REFER_ROLES = SOCIAL_WORKERS
# Who records contacts and reviews and closes a referral (the named worker, or the service).
WORK_ROLES = CASE_ROLES
# Who sees the cohort report (aggregate figures, no child named).
COHORT_ROLES = PCSOS | SOCIAL_WORKERS | ANALYSTS


def referrals_visible_to(user) -> QuerySet:
    """The referrals the user may see: a PCSO their own; the service every referral of a visible child."""
    role = role_of(user)
    if role == Role.PCSO:
        return Referral.objects.filter(worker=user)
    if role in SOCIAL_WORKERS:
        return Referral.objects.filter(child__in=children_visible_to(user).values("pk"))
    return Referral.objects.none()


def pcso_children(user) -> QuerySet:
    """The children a PCSO may see: those with a referral (open or closed) naming them as the worker."""
    return Referral.objects.filter(worker=user).values("child_id")


def may_work_on(user, referral: Referral) -> bool:
    """The named worker, or the early help service (social workers, the administrator), may record work."""
    role = role_of(user)
    if role == Role.PCSO:
        return referral.worker_id == user.pk
    return role in SOCIAL_WORKERS
