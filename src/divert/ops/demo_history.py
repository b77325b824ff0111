"""The demo city's history of work: what the CiC police officer and the missing-from-home coordinator would have
done before today, written through the work apps' own actions (never by raw inserts). Demo only: `divert demo
load` calls it after the import and today's pipeline.

Figures (docs/synth-calibration.md "The demo's history of work"):
- triage: every daily-list entry of the last `TRIAGE_DAYS` days is reviewed, except the last `OPEN_DAYS` days'
  lists (today's work). A family-test entry is mostly advised "handled by the home, as a family would";
- arrest alerts: every arrest of a child in care in the police window raises its alert (arrest screening over the
  whole window, not only the last week); alerts older than `OPEN_DAYS` are acknowledged;
- return interviews: every returned episode older than `OPEN_DAYS` is closed: completed (80%), declined (12%) or
  not possible (8%); most within 72 hours, `LATE_SHARE` later; episodes older than `FINALISE_AFTER_DAYS` have
  their referrals recorded and are finalised.

The actions stamp their rows with the current time; the demo then moves those stamps back to when the work would
have happened (the arrest plus minutes; the list day plus hours), so the pages read as a history.
"""

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from divert.incidents import actions as incident_actions
from divert.incidents import rules as incident_rules
from divert.incidents import screening
from divert.incidents.models import ArrestAlert, Route, Triage
from divert.incidents.selectors import daily_list
from divert.missing import actions as missing_actions
from divert.missing.models import MissingEpisode, ReturnInterview

TRIAGE_DAYS = 60
OPEN_DAYS = 2
LATE_SHARE = 0.15
FINALISE_AFTER_DAYS = 21
SEED = 20260401

ROUTES = ((Route.NO_FURTHER_ACTION, 45), (Route.RESTORATIVE, 20), (Route.COMMUNITY_RESOLUTION, 10),
          (Route.OUTCOME_21, 10), (Route.HANDLED_BY_HOME, 15))
FAMILY_ROUTES = ((Route.HANDLED_BY_HOME, 70), (Route.RESTORATIVE, 20), (Route.OUTCOME_21, 10))


def _pick(rng: random.Random, mix) -> str:
    codes, weights = zip(*mix, strict=True)
    return rng.choices(codes, weights)[0]


def _user(username: str):
    return get_user_model().objects.get(username=username)


def write_history(*, today: dt.date, window_start: dt.datetime, cicpo_username: str, coordinator_username: str,
                  say: Callable[[str], None] = lambda _m: None) -> dict[str, int]:
    with transaction.atomic():  # one commit (each action's own transaction is a savepoint inside it)
        return _write_history(today=today, window_start=window_start, cicpo_username=cicpo_username,
                              coordinator_username=coordinator_username, say=say)


def _write_history(*, today: dt.date, window_start: dt.datetime, cicpo_username: str, coordinator_username: str,
                   say: Callable[[str], None]) -> dict[str, int]:
    rng = random.Random(SEED)
    cicpo, coordinator = _user(cicpo_username), _user(coordinator_username)
    counts: dict[str, int] = {}
    say("Arrest alerts over the whole window")
    counts |= _alerts(rng, cicpo, window_start)
    say(f"Triage of the last {TRIAGE_DAYS} days' lists")
    counts |= _triage(rng, cicpo, today)
    say("Return interviews, referrals and finalised episodes")
    counts |= _interviews(rng, coordinator, today)
    say("The latest compliance check again, now that the history is written")
    counts["compliance_findings"] = _recheck_compliance(today)
    return counts


def _recheck_compliance(today: dt.date) -> int:
    """The pipeline's compliance check ran before the history existed; run the latest day's check again so that
    interviews recorded in the history are no longer listed as overdue."""
    from divert.missing.actions import run_daily_compliance
    from divert.missing.models import ComplianceItem

    latest = ComplianceItem.objects.order_by("-run_date").values_list("run_date", flat=True).first()
    return len(run_daily_compliance(run_date=latest or today))


def _alerts(rng: random.Random, cicpo, window_start: dt.datetime) -> dict[str, int]:
    result = screening.run(since=window_start)
    cutoff = timezone.now() - dt.timedelta(days=OPEN_DAYS)
    acknowledged = 0
    for alert in ArrestAlert.objects.filter(acknowledged_at__isnull=True, withdrawn_at__isnull=True,
                                            custody__arrested_at__lt=cutoff).select_related("custody"):
        incident_actions.acknowledge_alert(alert=alert, user=cicpo)
        arrested = alert.custody.arrested_at
        ArrestAlert.objects.filter(pk=alert.pk).update(
            created_at=arrested + dt.timedelta(minutes=rng.randint(2, 20)),
            emailed_at=arrested + dt.timedelta(minutes=rng.randint(2, 20)),
            acknowledged_at=arrested + dt.timedelta(minutes=rng.randint(25, 55)))
        acknowledged += 1
    return {"alerts": ArrestAlert.objects.count(), "alerts_new": result["alerts"],
            "alerts_acknowledged": acknowledged}


def _triage(rng: random.Random, cicpo, today: dt.date) -> dict[str, int]:
    reviewed = family = 0
    for back in range(OPEN_DAYS, TRIAGE_DAYS + 1):
        day = today - dt.timedelta(days=back)
        listing = daily_list(user=cicpo, day=day)
        for entry in listing.entries:
            if entry["triage"]:
                continue
            codes = {f.code for f in entry["flags"]}
            is_family = incident_rules.FAMILY_TEST.code in codes
            route = _pick(rng, FAMILY_ROUTES if is_family else ROUTES)
            contacted = bool(entry["home_id"]) and rng.random() < 0.7
            triage = incident_actions.record_triage(
                incident=_incident(entry["id"]), user=cicpo, reviewed=True, recommended_route=route,
                home_contacted=contacted,
                advice_to_officer=("Discussed with the officer: behaviour in the home that a parent would deal with; "
                                   "the home will handle it with the social worker." if is_family else ""),
                home_contact_notes="Spoke to the manager on shift." if contacted else "")
            Triage.objects.filter(pk=triage.pk).update(
                reviewed_at=listing.end + dt.timedelta(hours=rng.uniform(1, 6)))
            reviewed += 1
            family += is_family
    return {"triaged": reviewed, "triaged_family_test": family}


def _incident(pk: int):
    from divert.police.models import Incident

    return Incident.objects.get(pk=pk)


def _interviews(rng: random.Random, coordinator, today: dt.date) -> dict[str, int]:
    now = timezone.now()
    cutoff = now - dt.timedelta(days=OPEN_DAYS)
    done = finalised = 0
    interviews = (ReturnInterview.objects.filter(episode__ended_at__lt=cutoff, episode__state__in=(
        MissingEpisode.State.OPEN, MissingEpisode.State.RETURNED))
                  .filter(~Q(state__in=ReturnInterview.CLOSED_STATES)).select_related("episode").order_by("pk"))
    for interview in interviews:
        episode = interview.episode
        ended_at: dt.datetime | None = episode.ended_at
        if ended_at is None:
            continue
        late = rng.random() < LATE_SHARE
        completed_at: dt.datetime = ended_at + dt.timedelta(hours=rng.uniform(75, 200) if late else rng.uniform(6, 70))
        completed_at = min(completed_at, now - dt.timedelta(hours=1))
        roll = rng.random()
        if roll < 0.80:
            outcome, reason = ReturnInterview.State.COMPLETED, ""
        elif roll < 0.92:
            outcome, reason = ReturnInterview.State.DECLINED, "Young person did not want to talk; offered again."
        else:
            outcome, reason = ReturnInterview.State.NOT_POSSIBLE, "Young person moved placement before the interview."
        missing_actions.offer_return_interview(interview=interview, user=coordinator,
                                               offered_at=completed_at - dt.timedelta(hours=rng.uniform(2, 20)))
        missing_actions.record_return_interview(
            interview=interview, user=coordinator, outcome=outcome, reason=reason, completed_at=completed_at,
            conducted_by="Independent return interview worker", harm_suffered=False if outcome == "completed" else None,
            where_text="With friends in the city centre." if outcome == "completed" else "")
        done += 1
        if ended_at < now - dt.timedelta(days=FINALISE_AFTER_DAYS):
            missing_actions.record_referrals(
                episode=episode, user=coordinator, none_needed_reason="No new concerns at the return interview.",
                made_on=completed_at.date())
            try:
                missing_actions.finalise_episode(episode=episode, user=coordinator)
                finalised += 1
            except missing_actions.FinalisationBlocked:
                pass
    return {"interviews_closed": done, "episodes_finalised": finalised}
