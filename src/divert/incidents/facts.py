"""What the CiCPO's triage knows about a child, for divert.core.child_facts."""

import datetime as dt

from django.urls import reverse

from divert.core.child_facts import Fact
from divert.core.formats import uk_date

from .models import Triage


def triage_facts(child_id: int, *, since: dt.date) -> list[Fact]:
    """Triage advice on incidents the child was involved in, reported on or after `since`."""
    rows = (Triage.objects.filter(incident__involvements__child_id=child_id, incident__reported_at__date__gte=since)
            .select_related("incident").distinct().order_by("-incident__reported_at"))
    facts = []
    for t in rows:
        inc = t.incident
        parts = [p for p in (t.get_recommended_route_display() if t.recommended_route else "", t.advice_to_officer)
                 if p]
        if not parts:
            continue
        facts.append(Fact(label="Triage advice", value="; ".join(parts),
                          source=f"Triage of incident {inc.reference} ({uk_date(inc.reported_at)})",
                          url=reverse("incidents:detail", args=[inc.pk]), on=inc.reported_at.date(), kind="triage"))
    return facts
