"""Counts of work waiting, per home-page entry: each takes the user and counts only what that user may see."""

from django.utils import timezone

from divert.earlyhelp.selectors import reviews_due
from divert.incidents import rules as incident_rules
from divert.incidents import selectors as incident_selectors
from divert.matching.models import ReviewItem
from divert.missing.models import ComplianceItem, MissingEpisode
from divert.missing.selectors import episodes_visible_to
from divert.protocol.models import ProtocolCase
from divert.protocol.selectors import cases_visible_to


def daily_not_reviewed(user) -> int:
    """Incidents on today's daily list without a completed triage."""
    start, end = incident_rules.daily_window(timezone.localdate())
    return (incident_selectors.incidents_in_window(user=user, start=start, end=end)
            .exclude(triage__reviewed=True).count())


def alerts_waiting(user) -> int:
    return incident_selectors.alerts_for(user=user).filter(acknowledged_at__isnull=True,
                                                           withdrawn_at__isnull=True).count()


def my_followups(user) -> int:
    return incident_selectors.my_followups(user=user).count()


def review_open(user) -> int:
    return ReviewItem.objects.filter(state=ReviewItem.State.OPEN).count()


def compliance_today(user) -> int:
    """Findings of the latest compliance check (the day's list the coordinator works from)."""
    latest = ComplianceItem.objects.order_by("-run_date").values_list("run_date", flat=True).first()
    return ComplianceItem.objects.filter(run_date=latest).count() if latest else 0


def missing_now(user) -> int:
    """Children missing or away now (an open episode with no return)."""
    return episodes_visible_to(user).filter(state=MissingEpisode.State.OPEN, ended_at__isnull=True).count()


def open_cases(user) -> int:
    return cases_visible_to(user).exclude(state__in=(ProtocolCase.State.DECIDED, ProtocolCase.State.CLOSED)).count()


def early_help_reviews_due(user) -> int:
    """Open early-help referrals the user may see with no review for over three months."""
    return reviews_due(user)
