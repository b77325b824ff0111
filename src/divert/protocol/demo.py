"""The demo city's protocol history: a year of protocol cases and weekly out-of-court disposal panels, written
through the protocol's actions (so every rule and audit row holds) and then dated back to when they happened.

Calibration (docs/protocol.md, "Demo history"): DfE's offending indicator puts about 4% of children looked after
for 12 months or more, aged 10-17, as convicted or cautioned in a year; a suspect's case does not always end in one,
so Divert's demo makes **4% of the children aged 10-17 suspects in the year** (a lower bound for suspects, not an
estimate of convictions), one case each and a second for one in ten. Outcomes favour diversion, as the Nottingham
panel's do: no further action 20%, community resolution 35%, outcome 22 20%, outcome 21 5%, youth caution 8%,
youth conditional caution 4%, referral for charge 8%. One case in six is of the last four days: still gathering
information. Called once by `divert demo load` (ops), after the demo accounts exist. A database that already
holds protocol cases is left as it is (a second run adds nothing).
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from divert.core.roles import Role
from divert.police.models import Incident, Involvement
from divert.registers.models import Child, Placement

from . import actions
from .models import Outcome, PanelDecision, ProtocolCase, SectionResponse
from .rules import age_on

SUSPECT_RATE = 0.04
# Most suspects live in children's homes (the protocol's main concern; most police call-outs to children in care are
# to residential homes): three in four suspects are drawn from the children placed at a registered home in the year.
RESIDENTIAL_SHARE = 0.75
# One in six cases is of the last four days: still gathering information (a case is sent after five).
RECENT_DAYS = 4
SECOND_CASE_RATE = 0.10
OUTCOME_MIX = [("nfa", 20), ("community_resolution", 35), ("outcome_22", 20), ("outcome_21", 5),
               ("youth_caution", 8), ("youth_conditional_caution", 4), ("refer_for_charge", 8)]
GRAVITY = {"nfa": 1, "community_resolution": 2, "outcome_22": 2, "outcome_21": 2, "youth_caution": 3,
           "youth_conditional_caution": 4, "refer_for_charge": 5}
OFFENCES = ["Criminal damage to the home", "Common assault on a member of staff", "Theft from a shop",
            "Possession of cannabis", "Public order: threatening behaviour", "Assault by beating (peer)"]
MEMBERS = [{"name": "Demo YJS team manager", "role": "Chair", "agency": "yjs"},
           {"name": "Demo police OOCD officer", "role": "Police decision-maker", "agency": "police"},
           {"name": "Demo CPS youth specialist", "role": "CPS youth specialist", "agency": "cps"},
           {"name": "Demo CiC police officer", "role": "Children in care police officer", "agency": "police"},
           {"name": "Demo social work manager", "role": "Children's social care", "agency": "council"}]


@dataclass
class DemoHistory:
    cases: int = 0
    panels: int = 0
    decisions: int = 0
    charging_decisions: int = 0
    interventions: int = 0
    children_10_17: int = 0


def _users() -> dict:
    users = {}
    for role in (Role.CICPO, Role.SOCIAL_WORKER, Role.YOUTH_JUSTICE, Role.PROSECUTOR):
        u = get_user_model().objects.filter(is_active=True, profile__role=role).order_by("username").first()
        if u is None:
            raise ValueError(f"The demo history needs an active {role.label.lower()} account.")
        users[role] = u
    return users


def _fill(case, users) -> None:
    for r in SectionResponse.objects.filter(form__case=case).select_related("section"):
        if r.section.requirement == "optional":
            continue
        actor = users.get(r.owner_role, users[Role.CICPO])
        if r.section.requirement == "conditional" and r.section.key not in ("victim",):
            actions.fill_section(actor=users[Role.CICPO], response=r, text="", state="not_applicable")
        else:
            actions.fill_section(actor=actor, response=r, text=f"Demo answer: {r.section.title.lower()}.")


def _care_spans(child_pks: list[int], start: dt.date, end: dt.date) -> dict[int, list]:
    """Each child's placements overlapping [start, end], clipped to it: {child pk: [(from, to, placement)]}."""
    spans: dict[int, list] = {}
    for p in (Placement.objects.filter(child_id__in=child_pks, decom__lte=end)
              .filter(Q(dec__isnull=True) | Q(dec__gte=start)).order_by("child_id", "decom")):
        spans.setdefault(p.child_id, []).append((max(p.decom, start), min(p.dec or end, end), p))
    return spans


def _incident_in_care(child, spans: list, start: dt.date, today: dt.date, taken: set) -> Incident | None:
    """The child's latest suspect incident of the year made while in a placement, one at the home they were placed
    at first (the protocol's textbook case: behaviour in the home a parent would handle)."""
    best = None
    for inv in (Involvement.objects.filter(child=child, role="suspect", incident__reported_at__date__gt=start,
                                           incident__reported_at__date__lt=today)
                .select_related("incident").order_by("-incident__reported_at")):
        if inv.incident in taken:
            continue
        on = timezone.localdate(inv.incident.reported_at)
        placement = next((p for f, t, p in spans if f <= on <= t), None)
        if placement is None:
            continue
        if placement.home_id and inv.incident.home_id == placement.home_id:
            return inv.incident
        best = best or inv.incident
    return best


def _day_in_care(rng: random.Random, spans: list, today: dt.date, *, recent: bool) -> dt.date:
    """A day the child was in a placement (at a registered home if they were ever at one in the year): in the last
    RECENT_DAYS for a recent case when the placement covers it."""
    homes = [s for s in spans if s[2].home_id] or spans
    if not homes:
        return today - dt.timedelta(days=rng.randint(1, RECENT_DAYS) if recent else rng.randint(15, 360))
    lo_recent = today - dt.timedelta(days=RECENT_DAYS)
    if recent:
        current = ([(max(f, lo_recent), t) for f, t, _p in homes if t >= lo_recent]
                   or [(max(f, lo_recent), t) for f, t, _p in spans if t >= lo_recent])
        if current:
            f, t = rng.choice(current)
            return f + dt.timedelta(days=rng.randint(0, (t - f).days))
    older = [(f, min(t, lo_recent - dt.timedelta(days=1))) for f, t, _p in homes if f < lo_recent]
    f, t = rng.choice(older or [(f, t) for f, t, _p in homes])
    return f + dt.timedelta(days=rng.randint(0, max(0, (t - f).days)))


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def seed_demo_history(*, today: dt.date | None = None, seed: int = 13) -> DemoHistory:
    """Write the demo's protocol history (see the module docstring). Returns what was written."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    users = _users()
    out = DemoHistory()
    eligible = [c for c in Child.objects.order_by("child_id") if 10 <= age_on(c.date_of_birth, today) <= 17]
    out.children_10_17 = len(eligible)
    if not eligible or ProtocolCase.objects.exists():
        return out
    n = max(1, round(len(eligible) * SUSPECT_RATE))
    start, end = today - dt.timedelta(days=360), today - dt.timedelta(days=1)
    spans = _care_spans([c.pk for c in eligible], start, end)
    in_care = [c for c in eligible if c.pk in spans]
    at_home = [c for c in in_care if any(p.home_id for _f, _t, p in spans[c.pk])]
    others = [c for c in in_care if c not in at_home]
    k_home = min(len(at_home), round(n * RESIDENTIAL_SHARE))
    suspects = rng.sample(at_home, k_home) + rng.sample(others, min(len(others), n - k_home))
    if len(suspects) < n:  # too few children in care in the year: the rest anyway, as before
        rest = [c for c in eligible if c not in suspects]
        suspects += rng.sample(rest, min(len(rest), n - len(suspects)))
    rng.shuffle(suspects)
    planned: list[tuple[Child, dt.date, Incident | None]] = []  # (child, offence_on, incident or None)
    recent = max(2, len(suspects) // 6)  # cases of the last days: still open or waiting for the next panel
    for k, child in enumerate(suspects):
        child_spans = spans.get(child.pk, [])
        for _ in range(2 if rng.random() < SECOND_CASE_RATE else 1):
            since = today - dt.timedelta(days=RECENT_DAYS) if k < recent else start  # a recent case is recent
            incident = _incident_in_care(child, child_spans, since, today, {p[2] for p in planned if p[2]})
            if incident is not None:
                planned.append((child, timezone.localdate(incident.reported_at), incident))
            else:
                planned.append((child, _day_in_care(rng, child_spans, today, recent=k < recent), None))
    planned.sort(key=lambda p: p[1])
    codes, weights = zip(*OUTCOME_MIX, strict=True)
    outcomes = {o.code: o for o in Outcome.objects.filter(code__in=codes)}
    by_panel: dict[dt.date, list] = {}
    with transaction.atomic():
        for child, on, incident in planned:
            case, created = actions.open_case(
                actor=users[Role.CICPO], child=child, incident=incident, offence_on=on,
                opened_from="daily_list" if incident else "by_hand",
                suspected_offence="" if incident else rng.choice(OFFENCES))
            if not created:
                continue
            out.cases += 1
            opened_at = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time(9, 30)))
            ProtocolCase.objects.filter(pk=case.pk).update(created_at=opened_at)
            age_days = (today - on).days
            if age_days < 5:
                continue  # still gathering information
            _fill(case, users)
            to = "cps" if rng.random() < 0.05 else "panel"
            actions.send_case(actor=users[Role.CICPO], case=case, to=to)
            sent_at = opened_at + dt.timedelta(days=3)
            ProtocolCase.objects.filter(pk=case.pk).update(sent_at=sent_at)
            panel_on = _monday(sent_at.date()) + dt.timedelta(days=7 + 2)  # the Wednesday after
            if to == "panel" and panel_on <= today:
                by_panel.setdefault(panel_on, []).append(case)
            elif to == "cps" and age_days > 21:
                actions.record_charging_decision(actor=users[Role.PROSECUTOR], case=case,
                                                 decision=rng.choice(["Charge", "No further action"]),
                                                 reasons="Demo: the evidential and public interest stages.")
                out.charging_decisions += 1
        for held_on in sorted(by_panel):
            meeting, _ = actions.create_panel(actor=users[Role.YOUTH_JUSTICE], held_on=held_on)
            actions.set_panel_members(actor=users[Role.YOUTH_JUSTICE], meeting=meeting, members=MEMBERS)
            out.panels += 1
            # The cases on this panel's agenda (a case sent early in the week is on that week's panel).
            for item in meeting.items.filter(reason="referred").select_related("case").order_by("position"):
                case = item.case
                case.refresh_from_db()
                if case.state != ProtocolCase.State.SENT_TO_PANEL:
                    continue
                code = rng.choices(codes, weights=weights)[0]
                outcome = outcomes[code]
                ivs = []
                if code in ("community_resolution", "outcome_22", "youth_conditional_caution"):
                    ivs.append({"description": {"community_resolution": "Restorative meeting with the person harmed",
                                                "outcome_22": "Victim awareness sessions (four)",
                                                "youth_conditional_caution": "Weekly YJS appointments for 12 weeks"}
                                [code], "owner": users[Role.YOUTH_JUSTICE], "note": "YJS case worker",
                                "due_on": held_on + dt.timedelta(days=28)})
                d = actions.record_panel_decision(
                    actor=users[Role.YOUTH_JUSTICE], case=case, meeting=meeting, outcome=outcome,
                    gravity_score=GRAVITY[code], admission=code != "nfa",
                    child_views="Demo: the child's views as told to the panel.",
                    carer_views="Demo: the home supports a restorative outcome.",
                    victim_consents_to_restorative=code == "community_resolution" or None,
                    conditions="Demo: the activity agreed at the panel." if code in (
                        "outcome_22", "youth_conditional_caution") else "",
                    interventions=ivs, first_time_entrant_confirmed=True,
                    review_on=held_on + dt.timedelta(days=91) if code in (
                        "outcome_22", "youth_conditional_caution") else None)
                decided_at = timezone.make_aware(dt.datetime.combine(held_on, dt.time(11, 0)))
                PanelDecision.objects.filter(pk=d.pk).update(created_at=decided_at)
                out.decisions += 1
                for iv in d.interventions.all():
                    out.interventions += 1
                    if iv.due_on < today - dt.timedelta(days=7) and rng.random() < 0.85:
                        actions.complete_intervention(actor=users[Role.YOUTH_JUSTICE], intervention=iv,
                                                      done_on=iv.due_on - dt.timedelta(days=rng.randint(0, 10)))
                if code == "refer_for_charge" and (today - held_on).days > 14:
                    actions.record_charging_decision(actor=users[Role.PROSECUTOR], case=case, decision="Charge",
                                                     reasons="Demo: the evidential and public interest stages.")
                    out.charging_decisions += 1
    return out
