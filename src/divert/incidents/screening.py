"""Arrest screening (CPB report 2021, 2.10; the Nottingham model): every arrest of a child in care raises an alert, by
email and on
the site, to the CiCPO team, the youth justice service and the child's social worker.

`run(*, today)` is a pipeline step (divert.ops.pipeline): it runs right after a custody import commits (and
after POST /api/v1/custody), and again in the daily pipeline. It is idempotent: one alert per custody record.
A link in the review queue raises a *doubtful* alert to the CiCPO team and youth justice only; the social worker
is told once a person confirms the link; a rejected link withdraws the alert.
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from divert.core.audit import log_access, record_audit
from divert.core.roles import Role
from divert.police.models import CustodyRecord, LinkStatus
from divert.registers.models import Placement

from . import rules
from .access import ALERT_RECIPIENT_ROLES, ESCALATION_RECIPIENT_ROLES
from .defaults import ARREST_SCREENING, GUIDANCE_TEXTS
from .models import AlertRecipient, ArrestAlert, GuidanceText
from .notify import send_templated

logger = logging.getLogger(__name__)
LABEL = "arrest screening"


def lookback() -> dt.timedelta:
    """Only recent arrests are screened: loading last year's custody file must not email anyone."""
    return dt.timedelta(hours=float(rules.divert_setting("SCREENING_LOOKBACK_HOURS", 168)))


def _review_candidates(custody_ids: list[int]) -> dict[int, int]:
    from divert.matching.models import ReviewItem, SubjectType

    best: dict[int, tuple[float, int]] = {}
    for sid, child_id, score in ReviewItem.objects.filter(
            subject_type=SubjectType.CUSTODY, subject_id__in=custody_ids, state=ReviewItem.State.OPEN,
            candidate_child__isnull=False).values_list("subject_id", "candidate_child_id", "score"):
        if sid not in best or (score or 0) > best[sid][0]:
            best[sid] = (score or 0, child_id)
    return {sid: child for sid, (_s, child) in best.items()}


def run(*, today: dt.date | None = None, since: dt.datetime | None = None) -> dict[str, int]:
    """Screen arrests since `since` (default: the lookback, `SCREENING_LOOKBACK_HOURS`). Only the demo loader passes
    `since`, to give the demo city the alerts of its whole window."""
    now = timezone.now()
    counts = {"alerts": 0, "doubtful": 0, "confirmed": 0, "withdrawn": 0, "emails": 0}
    since = since if since is not None else now - lookback()
    pending = list(CustodyRecord.objects.filter(arrest_alert__isnull=True, arrested_at__gte=since)
                   .filter(Q(link_status=LinkStatus.LINKED, child__isnull=False) | Q(link_status=LinkStatus.REVIEW))
                   .select_related("child").order_by("arrested_at", "pk"))
    candidates = _review_candidates([r.pk for r in pending if r.link_status == LinkStatus.REVIEW])
    alerted: dict[int, list] = {}
    for cid, when in (ArrestAlert.objects.filter(
            child_id__in={r.child_id for r in pending if r.child_id} | set(candidates.values()),
            custody__arrested_at__gte=now - lookback() - dt.timedelta(hours=rules.SAME_ARREST_HOURS))
            .values_list("child_id", "custody__arrested_at")):
        alerted.setdefault(cid, []).append(when)
    for record in pending:
        child_id = record.child_id if record.link_status == LinkStatus.LINKED else candidates.get(record.pk)
        if not rules.arrest_needs_screening(link_status=record.link_status, has_child=bool(child_id)) or not child_id:
            continue
        if rules.same_arrest(arrested_at=record.arrested_at, alerted_at=alerted.get(child_id, [])):
            continue  # this arrest already has its alert
        alerted.setdefault(child_id, []).append(record.arrested_at)
        alert = _create_alert(record, child_id=child_id, doubtful=record.link_status == LinkStatus.REVIEW)
        if alert is None:
            continue  # another process made it first
        counts["alerts"] += 1
        counts["doubtful"] += int(alert.doubtful)
    for alert in ArrestAlert.objects.filter(doubtful=True, withdrawn_at__isnull=True).select_related("custody"):
        if alert.custody.link_status == LinkStatus.LINKED and alert.custody.child_id:
            _confirm(alert)
            counts["confirmed"] += 1
        elif alert.custody.link_status == LinkStatus.NONE:
            ArrestAlert.objects.filter(pk=alert.pk).update(withdrawn_at=now)
            record_audit(actor=None, actor_label=LABEL, action="incidents.withdraw_alert", obj=alert)
            counts["withdrawn"] += 1
    counts["emails"] = send_pending()
    return counts


def _create_alert(record: CustodyRecord, *, child_id: int, doubtful: bool) -> ArrestAlert | None:
    from divert.registers.models import Child

    subject, body = _compose(record, Child.objects.get(pk=child_id), doubtful=doubtful)
    window = dt.timedelta(hours=rules.SAME_ARREST_HOURS)
    try:
        with transaction.atomic():
            # One arrest, one alert, whoever screens at the same time (the import hook and the daily pipeline):
            # lock the child, then look for an alert of the same arrest in the database, however old.
            child = Child.objects.select_for_update().get(pk=child_id)
            if ArrestAlert.objects.filter(child=child, custody__arrested_at__gte=record.arrested_at - window,
                                          custody__arrested_at__lte=record.arrested_at + window).exists():
                return None
            alert = ArrestAlert.objects.create(custody=record, child=child, arrested_at=record.arrested_at,
                                               doubtful=doubtful, subject=subject, body=body)
            _add_recipients(alert, child, team=True, social_worker=not doubtful)
            record_audit(actor=None, actor_label=LABEL, action="incidents.create_arrest_alert", obj=alert,
                         detail={"custody": record.pk, "doubtful": doubtful})
    except IntegrityError:
        return None
    return alert


def _confirm(alert: ArrestAlert) -> None:
    with transaction.atomic():
        alert = ArrestAlert.objects.select_for_update(of=("self",)).select_related("custody__child").get(pk=alert.pk)
        child = alert.custody.child
        window = dt.timedelta(hours=rules.SAME_ARREST_HOURS)
        if ArrestAlert.objects.filter(child=child, custody__arrested_at__gte=alert.custody.arrested_at - window,
                                      custody__arrested_at__lte=alert.custody.arrested_at + window).exclude(
                pk=alert.pk).exists():
            # The person linked it to a child who already has this arrest's alert: this one is not needed.
            ArrestAlert.objects.filter(pk=alert.pk).update(withdrawn_at=timezone.now())
            record_audit(actor=None, actor_label=LABEL, action="incidents.withdraw_alert", obj=alert,
                         detail={"why": "same arrest already alerted"})
            return
        alert.doubtful, alert.child = False, child
        alert.subject, alert.body = _compose(alert.custody, child, doubtful=False)
        alert.save()
        _add_recipients(alert, child, team=False, social_worker=True)
        record_audit(actor=None, actor_label=LABEL, action="incidents.confirm_alert", obj=alert)


def _add_recipients(alert: ArrestAlert, child, *, team: bool, social_worker: bool) -> None:
    existing = {e.lower() for e in alert.recipients.values_list("email", flat=True)}
    rows = []
    if team:
        users = get_user_model().objects.filter(is_active=True, profile__role__in=ALERT_RECIPIENT_ROLES)
        for user in users.select_related("profile").order_by("pk"):
            if user.email and user.email.lower() not in existing:
                existing.add(user.email.lower())
                reason = (AlertRecipient.Reason.CICPO if user.profile.role == Role.CICPO
                          else AlertRecipient.Reason.YOUTH_JUSTICE)
                rows.append(AlertRecipient(alert=alert, user=user, email=user.email, reason=reason))
    email = (child.social_worker_email or "").strip()
    if social_worker and email and email.lower() not in existing:
        sw_user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        rows.append(AlertRecipient(alert=alert, user=sw_user, email=email, reason=AlertRecipient.Reason.SOCIAL_WORKER))
    AlertRecipient.objects.bulk_create(rows)


def current_placement(child, on: dt.date | None = None):
    on = on or timezone.localdate()
    return (Placement.objects.filter(child=child, decom__lte=on).filter(Q(dec__isnull=True) | Q(dec__gte=on))
            .select_related("home", "home__provider").order_by("-decom").first())


def guidance(key: str = ARREST_SCREENING) -> GuidanceText:
    text = GuidanceText.objects.filter(key=key).first()
    if text is None:
        title, body = GUIDANCE_TEXTS[key]
        text = GuidanceText(key=key, title=title, body=body)
    return text


def _compose(record: CustodyRecord, child, *, doubtful: bool) -> tuple[str, str]:
    from django.template.loader import render_to_string

    prefix = "[DOUBTFUL LINK] " if doubtful else ""
    subject = f"{prefix}Arrest screening: child in care in custody ({record.custody_reference})"
    ctx = {"record": record, "child": child, "doubtful": doubtful, "placement": current_placement(child),
           "guidance": guidance()}
    return subject[:200], render_to_string("incidents/email/_arrest_body.txt", ctx)


def send_pending(*, alerts=None) -> int:
    """Email every recipient not yet emailed (retries after an SMTP failure). Returns the number of emails sent."""
    alerts = alerts if alerts is not None else ArrestAlert.objects.filter(
        withdrawn_at__isnull=True, recipients__sent_at__isnull=True).distinct()
    sent = 0
    for alert in alerts.select_related("custody", "child"):
        claimed_at = timezone.now()
        # Claim each recipient first, so two processes screening at once never send the same email twice.
        recipients = [r for r in alert.recipients.filter(sent_at__isnull=True).select_related("user")
                      if AlertRecipient.objects.filter(pk=r.pk, sent_at__isnull=True).update(sent_at=claimed_at)]
        if not recipients:
            continue
        ctx = {"alert": alert, "site_url": settings.DIVERT.get("SITE_URL", "")}
        try:
            send_templated(template="incidents/email/arrest_alert", context=ctx, subject=alert.subject,
                           to=[r.email for r in recipients], separately=True)
        except Exception as exc:  # SMTP down: the site alert stands; the next run retries
            logger.warning("arrest alert %s email failed: %s", alert.pk, type(exc).__name__)
            AlertRecipient.objects.filter(pk__in=[r.pk for r in recipients]).update(sent_at=None)
            ArrestAlert.objects.filter(pk=alert.pk).update(email_error=type(exc).__name__[:200])
            continue
        ArrestAlert.objects.filter(pk=alert.pk).update(emailed_at=timezone.now(), email_error="")
        for r in recipients:
            log_access(user=r.user, children=[alert.child_id] if alert.child_id else None, channel="email",
                       what=f"arrest alert {alert.custody.custody_reference} ({r.reason})")
        sent += len(recipients)
    return sent


def escalate(*, now: dt.datetime | None = None) -> int:
    """Escalate every alert nobody acknowledged in time: email the administrators (and DIVERT["ALERT_ESCALATE_TO"])
    and the CiCPO team again, once. Returns the number escalated."""
    now = now or timezone.now()
    extra: list[str] = list(rules.divert_setting("ALERT_ESCALATE_TO", None) or [])
    count = 0
    for alert in ArrestAlert.objects.filter(acknowledged_at__isnull=True, escalated_at__isnull=True,
                                            withdrawn_at__isnull=True).select_related("custody", "child"):
        if not rules.escalation_due(created_at=alert.created_at, now=now, acknowledged=False, escalated=False):
            continue
        with transaction.atomic():
            locked = ArrestAlert.objects.select_for_update().get(pk=alert.pk)
            if locked.escalated_at or locked.acknowledged_at:
                continue
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at", "updated_at"])
            users = get_user_model().objects.filter(
                is_active=True, profile__role__in=ESCALATION_RECIPIENT_ROLES).exclude(email="")
            emails = {u.email.lower(): u for u in users}
            rows = [AlertRecipient(alert=locked, user=u, email=e, reason=AlertRecipient.Reason.ESCALATION)
                    for e, u in emails.items()]
            rows += [AlertRecipient(alert=locked, email=e, reason=AlertRecipient.Reason.ESCALATION)
                     for e in extra if e.lower() not in emails]
            AlertRecipient.objects.bulk_create(rows)
            record_audit(actor=None, actor_label="alert escalation", action="incidents.escalate_alert", obj=locked,
                         detail={"recipients": len(rows)})
        alert.subject = f"[ESCALATED: not acknowledged] {alert.subject}"[:200]
        ArrestAlert.objects.filter(pk=alert.pk).update(subject=alert.subject)
        count += 1
    if count:
        send_pending()
    return count
