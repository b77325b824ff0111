"""Reads for the protocol pages, API and CLI. Every function takes the user asking, so scoping cannot be
forgotten; callers write the access log for every child they show."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from divert.core import child_facts
from divert.core.formats import uk_date
from divert.core.roles import Role
from divert.core.scoping import role_of
from divert.police.models import Involvement
from divert.registers.access import child_records_visible_to
from divert.standards.ssda903_labels import describe

from .access import ALL_CASES_ROLES
from .models import AgendaItem, Intervention, PanelDecision, PanelMeeting, ProtocolCase, SectionResponse
from .rules import missing_before_sending, review_due, section_overdue

RECENT_DAYS = 365


def cases_visible_to(user) -> QuerySet:
    role = role_of(user)
    qs = ProtocolCase.objects.select_related("child", "home", "placement")
    if role in ALL_CASES_ROLES:
        return qs
    if role == Role.PROSECUTOR:
        return qs.filter(referred_to_cps=True)
    if role == Role.PROVIDER_MANAGER:  # the one rule for a child's records (registers.access)
        return child_records_visible_to(user, qs)
    if role == Role.LEAVING_CARE:
        return qs.filter(child__leaving_care_adviser=user)
    return qs.none()


def get_case_for(user, pk: int) -> ProtocolCase:
    case = cases_visible_to(user).filter(pk=pk).first()
    if case is None:
        raise Http404("No such case")
    return case


def responses_of(case) -> list[SectionResponse]:
    return list(SectionResponse.objects.filter(form__case=case)
                .select_related("section", "form__version__template", "author")
                .order_by("form__version__template__slug", "section__order"))


def missing_sections(case) -> list[str]:
    return missing_before_sending(responses_of(case))


@dataclass
class CaseFile:
    case: ProtocolCase
    forms: list[tuple] = field(default_factory=list)  # (FilledForm, [SectionResponse])
    missing: list[str] = field(default_factory=list)
    history: list[PanelDecision] = field(default_factory=list)


def case_file(case) -> CaseFile:
    responses = responses_of(case)
    by_form: dict = {}
    for r in responses:
        by_form.setdefault(r.form, []).append(r)
    return CaseFile(case=case, forms=list(by_form.items()), missing=missing_before_sending(responses),
                    history=previous_decisions(case.child_id, exclude_case=case.pk))


def previous_decisions(child_id: int, *, exclude_case: int | None = None) -> list[PanelDecision]:
    qs = PanelDecision.objects.filter(case__child_id=child_id).select_related("outcome", "case")
    if exclude_case:
        qs = qs.exclude(case_id=exclude_case)
    return list(qs.order_by("-created_at"))


def prefill_values(case, key: str) -> list[dict]:
    """What Divert already knows for a section, each value with its source (and a link where there is one)."""
    child = case.child
    since = (case.offence_on or timezone.localdate()) - dt.timedelta(days=RECENT_DAYS)
    out: list[dict] = []
    if key == "placement":
        p = case.placement
        if p is not None:
            src = f"SSDA903 placement from {uk_date(p.decom)} (legal status: {describe('LS', p.legal_status)})"
            out.append({"label": "Placement", "value": f"{describe('PLACE', p.place)} since {uk_date(p.decom)}",
                        "source": src})
        if case.home is not None:
            out.append({"label": "Home", "value": f"{case.home.name} ({case.home.provider.name})",
                        "source": f"Homes register, URN {case.home.urn}",
                        "url": reverse("registers:home", args=[case.home.pk])})
        if child.social_worker_name:
            out.append({"label": "Social worker", "value": child.social_worker_name,
                        "source": "Children register"})
    elif key == "incidents":
        inv = (Involvement.objects.filter(child=child, incident__reported_at__date__gte=since)
               .select_related("incident").order_by("-incident__reported_at")[:20])
        for i in inv:
            inc = i.incident
            what = inc.crime_type or inc.opening_category
            out.append({"label": "Incident", "value": f"{i.get_role_display()}: {what} ({uk_date(inc.reported_at)})",
                        "source": f"Police incident {inc.reference}",
                        "url": reverse("incidents:detail", args=[inc.pk])})
    elif key == "facts":
        for f in child_facts.facts_for(child.pk, since=since):
            out.append({"label": f.label, "value": f.value, "source": f.source, "url": f.url})
    elif key == "outcomes":
        for d in previous_decisions(child.pk, exclude_case=case.pk):
            out.append({"label": "Previous outcome", "value": f"{d.outcome.label} ({uk_date(d.created_at)})",
                        "source": f"Protocol case {d.case_id}, panel decision"})
        for oc2 in child.oc2.order_by("-collection_year"):
            if oc2.convicted:
                out.append({"label": "Convicted or cautioned in the year", "value": f"year to March "
                            f"{oc2.collection_year}", "source": "SSDA903 OC2 return"})
    return out


def last_meeting_before(day: dt.date) -> PanelMeeting | None:
    return PanelMeeting.objects.filter(held_on__lt=day).order_by("-held_on").first()


def agenda_candidates(meeting: PanelMeeting) -> list[tuple[ProtocolCase, str]]:
    """Cases referred to the panel since the last panel, then cases whose review falls due."""
    last = last_meeting_before(meeting.held_on)
    referred = ProtocolCase.objects.filter(state=ProtocolCase.State.SENT_TO_PANEL, sent_at__date__lte=meeting.held_on)
    if last is not None:
        referred = referred.filter(Q(sent_at__date__gt=last.held_on) | ~Q(agenda_items__meeting=last))
    out: list[tuple[ProtocolCase, str]] = [(c, AgendaItem.Reason.REFERRED) for c in referred.order_by("sent_at", "pk")]
    seen = {c.pk for c, _ in out}
    for d in PanelDecision.objects.filter(review_on__isnull=False).select_related("case").order_by("review_on"):
        if d.case_id not in seen and review_due(d.review_on, meeting_on=meeting.held_on,
                                                last_meeting_on=last.held_on if last else None):
            out.append((d.case, AgendaItem.Reason.REVIEW))
            seen.add(d.case_id)
    return out


def agenda_of(meeting: PanelMeeting) -> list[AgendaItem]:
    return list(meeting.items.select_related("case__child", "case__home").order_by("position"))


def panel_papers(meeting: PanelMeeting) -> list[dict]:
    """Each agenda item with its case file summary, the decision recorded at this meeting (for minutes) and, for a
    review, the decision under review.

    The decision at this meeting is the one recorded with the meeting; failing that, one recorded without naming a
    meeting (the API, or the CLI without a date) on the meeting's day or later, before any later panel decided the
    case. A case on the agenda for review was decided at an earlier panel: the paper shows that decision, not
    "No decision recorded"."""
    papers = []
    for item in agenda_of(meeting):
        f = case_file(item.case)
        decisions = list(PanelDecision.objects.filter(case=item.case).select_related("outcome", "meeting")
                         .prefetch_related("interventions").order_by("created_at", "pk"))
        here = [d for d in decisions if d.meeting_id == meeting.pk]
        if not here and item.reason != AgendaItem.Reason.REVIEW:
            here = [d for d in decisions if d.meeting_id is None and decided_on(d) >= meeting.held_on]
        earlier = [d for d in decisions if d not in here and decided_on(d) < meeting.held_on]
        papers.append({"item": item, "case": item.case, "missing": f.missing, "history": f.history,
                       "decision": here[-1] if here else None,
                       "under_review": earlier[-1] if item.reason == AgendaItem.Reason.REVIEW and earlier else None})
    return papers


def decided_on(decision: PanelDecision) -> dt.date:
    """The day of a decision: its panel's date, else the day it was recorded (UK time)."""
    meeting = decision.meeting
    return meeting.held_on if meeting is not None else timezone.localdate(decision.created_at)


def child_protocol_summary(child, user) -> dict:
    """For the child page: the child's cases the user may see, each with its latest panel decision, and whether a
    recorded outcome made the child a first-time entrant (MoJ/YJB Youth Justice Statistics: first-time entrants)."""
    # The page already has the child; the section shows neither the home nor the placement, so none is joined.
    cases = list(cases_visible_to(user).filter(child=child).select_related(None)
                 .prefetch_related("decisions__outcome"))
    rows = []
    for c in cases:
        decisions = sorted(c.decisions.all(), key=lambda d: d.created_at, reverse=True)
        rows.append({"case": c, "decision": decisions[0] if decisions else None})
    fte = (PanelDecision.objects.filter(case__child=child, outcome__makes_first_time_entrant=True)
           .select_related("outcome").order_by("created_at").first())
    return {"cases": rows, "first_time_entrant": fte is not None,
            "first_time_entrant_reason": (f"{fte.outcome.label} recorded at the panel on {uk_date(fte.created_at)}"
                                          if fte else "")}


def intervention_owner_choices(case) -> QuerySet:
    """Who may own an intervention on a case: active users who see every case (CiC officers, social workers,
    youth justice workers, administrators) and the provider managers of the case's home, by name."""
    from django.contrib.auth import get_user_model

    who = Q(profile__role__in=ALL_CASES_ROLES)
    if case.home is not None:
        who |= Q(profile__role=Role.PROVIDER_MANAGER, profile__provider_id=case.home.provider_id)
    return (get_user_model().objects.filter(who, is_active=True).select_related("profile")
            .order_by("first_name", "last_name", "username"))


def interventions_for(user, *, open_only: bool = True) -> QuerySet:
    """Panel interventions on the cases the user may see, soonest due first (youth justice track them)."""
    qs = (Intervention.objects.filter(decision__case__in=cases_visible_to(user))
          .select_related("decision__case__child", "decision__outcome", "owner").order_by("due_on", "pk"))
    return qs.filter(done_on__isnull=True) if open_only else qs


def overdue_sections(*, today: dt.date) -> list[SectionResponse]:
    """Sections of open cases, still to complete before sending, whose case was opened long enough ago that the
    section is overdue (rule `section_overdue`)."""
    rows = (SectionResponse.objects.filter(form__case__state=ProtocolCase.State.OPEN)
            .exclude(state__in=[SectionResponse.State.COMPLETE, SectionResponse.State.NOT_APPLICABLE])
            .select_related("section", "form__case__child", "form__version__template"))
    return [r for r in rows if r.section.requirement != "optional"
            and section_overdue(opened_on=timezone.localdate(r.form.case.created_at), today=today)]


def reviews_due(*, today: dt.date, within_days: int = 7) -> list[PanelDecision]:
    """Panel decisions whose review date falls between today and `within_days` ahead, or passed with no later
    panel having taken the case."""
    qs = (PanelDecision.objects.filter(review_on__isnull=False, review_on__lte=today + dt.timedelta(days=within_days))
          .select_related("case__child", "outcome").order_by("review_on"))
    out = []
    for d in qs:
        reviewed = AgendaItem.objects.filter(case=d.case, reason=AgendaItem.Reason.REVIEW,
                                             meeting__held_on__gte=d.review_on).exists()
        if not reviewed:
            out.append(d)
    return out


def overdue_interventions(*, today: dt.date) -> list[Intervention]:
    return list(Intervention.objects.filter(done_on__isnull=True, due_on__lt=today)
                .select_related("decision__case__child", "decision__case__home", "owner__profile").order_by("due_on"))
