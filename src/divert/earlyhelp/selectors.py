"""Reads for the early-help pages, API and CLI. Reads that show children take the user asking; callers write the
access log for every child they show."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from divert.core.roles import Role

from . import rules
from .access import referrals_visible_to
from .models import Contact, Referral, Review


@dataclass
class CaseRow:
    referral: Referral
    latest_risk: str | None
    trajectory: str
    contacts: int
    last_contact: dt.date | None
    review_due: bool
    earlier_referrals: int

    @property
    def trajectory_label(self) -> str:
        return rules.TRAJECTORY_LABELS[self.trajectory]


REVIEW_EVERY_DAYS = 90  # the partnership toolkit's "at least every three months" (Portsmouth exploitation toolkit)


def _with_work(qs: QuerySet) -> QuerySet:
    return qs.select_related("child", "family", "worker").prefetch_related(
        Prefetch("reviews", queryset=Review.objects.order_by("reviewed_on", "id")),
        Prefetch("contacts", queryset=Contact.objects.select_related("intervention").order_by("-on", "-id")))


def _row(r: Referral, today: dt.date, earlier: int) -> CaseRow:
    reviews = list(r.reviews.all())
    contacts = list(r.contacts.all())
    latest = reviews[-1].risk if reviews else None
    last_review = reviews[-1].reviewed_on if reviews else r.referred_on
    return CaseRow(referral=r, latest_risk=latest, trajectory=rules.risk_trajectory(r.initial_risk, latest),
                   contacts=len(contacts), last_contact=contacts[0].on if contacts else None,
                   review_due=r.is_open and (today - last_review).days > REVIEW_EVERY_DAYS,
                   earlier_referrals=earlier)


def caseload(*, user, open_only: bool = True, today: dt.date | None = None) -> list[CaseRow]:
    """The user's early-help caseload (a PCSO's own referrals; the service's every referral), open ones first by
    default, each with its latest risk, trajectory and whether a review is due."""
    today = today or timezone.localdate()
    qs = referrals_visible_to(user)
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    refs = list(_with_work(qs).order_by("closed_on", "-referred_on", "-id"))
    earlier = _earlier_counts(refs)
    return [_row(r, today, earlier.get(r.pk, 0)) for r in refs]


def _earlier_counts(refs: list[Referral]) -> dict[int, int]:
    """Per referral, how many referrals of the same child (or family) came before it (any worker)."""
    dates: dict[tuple[str, int], list[dt.date]] = defaultdict(list)
    children = {r.child_id for r in refs if r.child_id}
    families = {r.family_id for r in refs if r.family_id}
    for child_id, family_id, on in Referral.objects.filter(
            Q(child_id__in=children) | Q(family_id__in=families)).values_list("child_id", "family_id",
                                                                               "referred_on"):
        dates[("child", child_id) if child_id else ("family", family_id)].append(on)
    return {r.pk: sum(1 for d in dates[r.subject_key] if d < r.referred_on) for r in refs}


def starting_risk(referral: Referral) -> str:
    """The risk a new review starts from (to prefill its form): the latest review's, else the risk at
    referral."""
    latest = referral.reviews.order_by("-reviewed_on", "-id").values_list("risk", flat=True).first()
    return latest or referral.initial_risk


def referral_detail(*, user, pk: int) -> CaseRow | None:
    r = _with_work(referrals_visible_to(user)).filter(pk=pk).first()
    if r is None:
        return None
    return _row(r, timezone.localdate(), _earlier_counts([r]).get(r.pk, 0))


def reviews_due(user, *, today: dt.date | None = None) -> int:
    """Open referrals the user may see whose last review (or the referral) is over three months old: one query,
    as the home page asks it on every visit."""
    today = today or timezone.localdate()
    last = Coalesce(Max("reviews__reviewed_on"), F("referred_on"))
    return (referrals_visible_to(user).filter(closed_on__isnull=True).annotate(last_review=last)
            .filter(last_review__lt=today - dt.timedelta(days=REVIEW_EVERY_DAYS)).count())


@dataclass
class Cohort:
    year: int
    referrals: int
    children: int  # children and families referred (each counted once)
    closed: int
    open: int
    re_referral: rules.ReReferralRate
    trajectories: dict[str, int] = field(default_factory=dict)
    in_care: int = 0  # of `children`, looked-after children on the register
    not_in_care: int = 0  # of `children`, families not in care
    concerns: dict[str, int] = field(default_factory=dict)
    interventions: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{str(self.year)[2:]}"


def _latest_risk(r: Referral) -> str | None:
    reviews = list(r.reviews.all())
    return reviews[-1].risk if reviews else None


def cohort_report(*, today: dt.date | None = None) -> list[Cohort]:
    """The early-help cohorts (referrals by the year they were made): referrals, children, closures, the
    re-referral rate within 12 months of closure, each referral's risk trajectory and the interventions used.
    Aggregate: no child is named (callers that let figures leave the system suppress small numbers)."""
    today = today or timezone.localdate()
    refs = list(Referral.objects.prefetch_related(
        Prefetch("reviews", queryset=Review.objects.order_by("reviewed_on", "id"))).order_by("referred_on", "id"))
    by_subject: dict[tuple[str, int], list[dt.date]] = defaultdict(list)
    for r in refs:
        by_subject[r.subject_key].append(r.referred_on)
    used: dict[int, Counter[str]] = defaultdict(Counter)
    for ref_id, label, n in (Contact.objects.values_list("referral_id", "intervention__label")
                             .annotate(n=Count("id"))):
        used[ref_id][label] += n
    years: dict[int, list[Referral]] = defaultdict(list)
    for r in refs:
        years[rules.cohort_of(r.referred_on)].append(r)
    out = []
    for year in sorted(years):
        rows = years[year]
        closures = []
        for r in rows:
            if r.closed_on is None:
                continue
            later = [d for d in by_subject[r.subject_key] if d > r.closed_on]
            closures.append((r.closed_on, min(later) if later else None))
        traj = Counter(rules.risk_trajectory(r.initial_risk, _latest_risk(r)) for r in rows)
        interventions: Counter = Counter()
        for r in rows:
            interventions.update(used[r.pk])
        out.append(Cohort(
            year=year, referrals=len(rows), children=len({r.subject_key for r in rows}),
            in_care=len({r.child_id for r in rows if r.child_id}),
            not_in_care=len({r.family_id for r in rows if r.family_id}),
            closed=sum(1 for r in rows if r.closed_on), open=sum(1 for r in rows if r.closed_on is None),
            re_referral=rules.re_referral_rate(closures, today=today),
            trajectories={t: traj.get(t, 0) for t in rules.TRAJECTORIES},
            concerns=dict(Counter(Referral.Concern(r.concern).label for r in rows).most_common()),
            interventions=dict(interventions.most_common())))
    return out


def pcsos() -> QuerySet:
    """The active PCSOs, to name as workers."""
    return get_user_model().objects.filter(is_active=True, profile__role=Role.PCSO).order_by("last_name",
                                                                                            "username")
