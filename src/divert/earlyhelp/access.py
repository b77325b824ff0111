"""Who may see and record early-help work (roles in divert.core.roles; ADR 0044).

- A police community support officer (PCSO) sees only the referrals that name them as the worker, and so only
  those children (registered with `divert.registers.access.add_child_scope`).
- Children's social care (social workers) and the administrator see every referral of a child they may see: the
  early help service makes the referral and names the worker.
- The analyst sees the cohort report's figures only (aggregate), never a referral.
- A family not in care (models.Family) is seen by the early help service, and by a PCSO only when one of its
  referrals names them. Every showing writes an access-log row (`log_family_access`), as for a child.
"""

from collections.abc import Iterable
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import Http404

from divert.core.audit import REFUSED, channel_of, log_access
from divert.core.models import AccessLog
from divert.core.roles import ANALYSTS, PCSOS, SOCIAL_WORKERS, Role
from divert.core.scoping import role_of
from divert.registers.access import children_visible_to

from .models import Family, FamilyAccess, Referral

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
        return Referral.objects.filter(Q(child__in=children_visible_to(user).values("pk")) | Q(family__isnull=False))
    return Referral.objects.none()


def families_visible_to(user) -> QuerySet:
    """The families not in care the user may see: a PCSO those with a referral naming them; the service all."""
    role = role_of(user)
    if role == Role.PCSO:
        return Family.objects.filter(pk__in=Referral.objects.filter(worker=user, family__isnull=False)
                                     .values("family_id"))
    if role in SOCIAL_WORKERS:
        return Family.objects.all()
    return Family.objects.none()


def pcso_children(user) -> QuerySet:
    """The children a PCSO may see: those with a referral (open or closed) naming them as the worker."""
    return Referral.objects.filter(worker=user, child__isnull=False).values("child_id")


def log_family_access(*, user, families: Iterable[Family | None], channel: str, what: str, path: str = "") -> int:
    """The access log for families not in care: one core access-log row per family shown (its child empty, its
    text naming the family's case reference, never a name), each linked to the family (FamilyAccess)."""
    uid = user if getattr(user, "is_authenticated", False) else None
    seen = {f.pk: f for f in families if f is not None}
    for f in seen.values():
        row = AccessLog.objects.create(user=uid, child=None, channel=channel, path=path[:500],
                                       what=f"{what} (family {f.reference})"[:200])
        FamilyAccess.objects.create(access=row, family=f)
    return len(seen)


def log_referrals_shown(*, user, referrals: Iterable[Referral], channel: str, what: str, path: str = "") -> None:
    """The access log for a list of referrals: a row per child (core.audit.log_access) and per family shown;
    one row naming nobody when the list is empty."""
    refs = list(referrals)
    children = [r.child for r in refs if r.child_id]
    families = [r.family for r in refs if r.family_id]
    if children or not families:
        log_access(user=user, children=children, channel=channel, what=what, path=path)
    log_family_access(user=user, families=families, channel=channel, what=what, path=path)


def may_work_on(user, referral: Referral) -> bool:
    """The named worker, or the early help service (social workers, the administrator), may record work."""
    role = role_of(user)
    if role == Role.PCSO:
        return referral.worker_id == user.pk
    return role in SOCIAL_WORKERS


def refuse_referral_or_family(request, *, what: str, referral_pk: int | None = None,
                              family_pk: int | None = None, channel: str | None = None) -> None:
    """The refused row for an early-help referral or family asked for out of scope on a page or the API: it names
    the child (core refusal) or, for a family not in care, is linked to the family, so "who tried to see this
    family" is answered as it is for a child. The caller answers 404 either way."""
    request.divert_refusal_logged = True
    log_refused(user=request.user, what=what, channel=channel or channel_of(request), path=request.get_full_path(),
                referral_pk=referral_pk, family_pk=family_pk)


def visible_or_404(request, visible: QuerySet, *, kind: Literal["referral", "family"], what: str, pk: int,
                   channel: str | None = None) -> Any:
    """The referral or family `pk` from the user's scoped queryset; else its refused row
    (`refuse_referral_or_family`: naming the referral's child, or linked to the family not in care) and Http404,
    so the answer never tells whether it exists. The pages and the API fetch both kinds with it.

    `divert.core.audit.get_visible_or_404` is the same for records of a child, but its refused row can name only
    a child: a family not in care (no child on the register) would lose its FamilyAccess link."""
    obj = visible.filter(pk=pk).first()
    if obj is None:
        refuse_referral_or_family(request, what=what, channel=channel,
                                  **({"referral_pk": pk} if kind == "referral" else {"family_pk": pk}))
        raise Http404("Not found")
    return obj


def log_refused(*, user, what: str, channel: str, path: str = "", referral_pk: int | None = None,
                family_pk: int | None = None) -> None:
    """The refused row itself (pages, API and CLI): naming the referral's child, or linked to its family."""
    child_id = None
    if referral_pk is not None:
        found = Referral.objects.filter(pk=referral_pk).values_list("child_id", "family_id").first()
        if found:
            child_id, family_pk = found
    family = Family.objects.filter(pk=family_pk).first() if family_pk else None
    if family is None:
        log_access(user=user, children=[child_id] if child_id else None, channel=channel,
                   what=f"{REFUSED}{what}", path=path)
        return
    uid = user if getattr(user, "is_authenticated", False) else None
    row = AccessLog.objects.create(user=uid, child=None, channel=channel, what=f"{REFUSED}{what}"[:200],
                                   path=path[:500])
    FamilyAccess.objects.create(access=row, family=family)
