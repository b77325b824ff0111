"""Missing episodes and return-interview findings (the child's voice), for divert.core.child_facts."""

import datetime as dt

from django.urls import reverse

from divert.core.child_facts import Fact
from divert.core.formats import uk_date

from .models import MissingEpisode


def missing_facts(child_id: int, *, since: dt.date) -> list[Fact]:
    """The child's missing episodes since `since`, and what each completed return interview found."""
    episodes = (MissingEpisode.objects.filter(child_id=child_id, started_at__date__gte=since)
                .exclude(state__in=MissingEpisode.GONE_STATES).select_related("return_interview")
                .order_by("-started_at"))
    facts = []
    for ep in episodes:
        url = reverse("missing:episode", args=[ep.pk])
        day = ep.started_at.date()
        source = f"Missing episode {ep.pk} ({uk_date(ep.started_at)})"
        value = ep.get_category_display()
        if ep.risk_grade:
            value += f", risk {ep.get_risk_grade_display().lower()}"
        if ep.found_location:
            value += f", found at {ep.found_location}"
        facts.append(Fact(label="Missing episode", value=value, source=source, url=url, on=day, kind="missing"))
        ri = getattr(ep, "return_interview", None)
        if ri is not None and ri.state == ri.State.COMPLETED:
            found = [f"{k}: {', '.join(v)}" for k, v in (("push factors", ri.push_factors),
                                                          ("pull factors", ri.pull_factors),
                                                          ("exploitation concerns", ri.exploitation_concerns)) if v]
            if ri.notes:
                found.append(ri.notes)
            if found:
                facts.append(Fact(label="Return interview", value="; ".join(found),
                                  source=f"Return interview after missing episode {ep.pk}", url=url, on=day,
                                  kind="return_interview"))
    return facts
