"""What the protocol app gives the apps below it by registration (ProtocolConfig.ready()): the prosecutor's
children and homes (divert.registers.access) and incidents (divert.police.access), and the cautions recorded at
the panel (divert.core.child_facts), which feed the daily list's first-time-entrant flag."""

from collections.abc import Iterable

from django.db.models import QuerySet

from divert.registers.models import Placement

from .models import PanelDecision, ProtocolCase


def prosecutor_children(user) -> QuerySet:
    """The children a prosecutor may see: those with a protocol case referred to the CPS (National protocol on
    reducing unnecessary criminalisation of looked-after children, 2018: the CPS decides the cases referred to
    it; data minimisation keeps every other child out of view)."""
    return ProtocolCase.objects.filter(referred_to_cps=True).values("child_id")


def prosecutor_homes(user) -> QuerySet:
    """The homes a prosecutor may see: the homes of the placements of the children referred to the CPS (what the
    case file needs to show where the child lived; every other home stays out of view)."""
    return (Placement.objects.filter(child__in=prosecutor_children(user), home__isnull=False)
            .values("home_id"))


def prosecutor_incidents(user) -> QuerySet:
    """The incidents a prosecutor may see: those linked to a protocol case referred to the CPS."""
    return ProtocolCase.incidents.through.objects.filter(protocolcase__referred_to_cps=True).values("incident_id")


def children_with_recorded_outcome(child_ids: Iterable[int]) -> set[int]:
    """Children, among `child_ids`, with a youth caution or youth conditional caution recorded at the panel
    (the outcomes that make a first-time entrant: MoJ/YJB Youth Justice Statistics: first-time entrants)."""
    return set(PanelDecision.objects.filter(case__child_id__in=child_ids, outcome__makes_first_time_entrant=True)
               .values_list("case__child_id", flat=True))
