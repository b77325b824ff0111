"""The demo city's early-help history: two years of referrals with the demo PCSO as the named worker, their
contacts, reviews of exploitation risk, closures and some re-referrals.

Written through the actions (audited as the system) for children in care aged 10-17 who went missing, and for
made-up families not in care (case references EH-DEMO-nnnn, random initials, no name), so the
caseload, the cohort report and the home page's count read as a service in use. Idempotent: does nothing when any
referral exists. No real personal data: every text is a generic template. The shares are assumptions for the
demo (docs/early-help.md), not measured rates.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from divert.core.roles import Role
from divert.missing.models import MissingEpisode
from divert.registers.models import Child

from . import actions
from .defaults import seed_reference_data
from .models import InterventionType, Referral, Risk

SHARE_REFERRED = 0.30  # of children in care aged 10-17 with a missing episode in the two years (assumption)
RE_REFER_SHARE = 0.2  # closed referrals followed by another within the year (assumption)
LATE_REVIEW_SHARE = 0.3  # reviews held after more than three months (assumption)
FAMILIES_PER_CHILD = 2  # families not in care referred per child in care referred (assumption: most of a real
# early-help caseload is not looked after)
FIRST_RISK = ((Risk.NONE, 0.15), (Risk.LOW, 0.35), (Risk.MEDIUM, 0.35), (Risk.HIGH, 0.15))
SOURCES = (("school", 0.35), ("police", 0.30), ("social_care", 0.20), ("health", 0.08), ("family", 0.07))
CONCERNS = (("asb", 0.35), ("exploitation", 0.35), ("missing", 0.15), ("school", 0.10), ("family", 0.05))
REASONS = ("Demo history: repeated anti-social behaviour near the home reported by neighbours.",
           "Demo history: the school is worried about older associates waiting at the gate.",
           "Demo history: missing overnight twice this month; found in the town centre.",
           "Demo history: the family asked for help with the child's behaviour at home.")
NOTES = ("Demo history: talked about staying safe online and who the child spends time with.",
         "Demo history: the child joined the Thursday football session.",
         "Demo history: agreed a plan for evenings with the child and the carer.",
         "Demo history: no answer at the door; a card was left.")


def _pick(rng: random.Random, weights) -> str:
    x, acc = rng.random(), 0.0
    for value, w in weights:
        acc += w
        if x < acc:
            return value
    return weights[-1][0]


def _age(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _down(risk: str, rng: random.Random) -> str:
    """A review mostly finds the risk lower (Portsmouth PCSO minute: reduced to low or eliminated), sometimes the
    same, now and then higher."""
    order = [Risk.NONE, Risk.LOW, Risk.MEDIUM, Risk.HIGH]
    i = order.index(risk)  # type: ignore[arg-type]
    x = rng.random()
    if x < 0.55 and i > 0:
        return order[i - 1]
    if x > 0.92 and i < 3:
        return order[i + 1]
    return risk


def seed_demo_history(*, today: dt.date | None = None, seed: int = 17) -> dict[str, int]:
    """Write two years of early-help work for the demo city. Returns counts."""
    if Referral.objects.exists():
        return {"referrals": 0, "children": 0, "families": 0, "contacts": 0, "reviews": 0}
    seed_reference_data()
    worker = get_user_model().objects.filter(profile__role=Role.PCSO, is_active=True).order_by("pk").first()
    if worker is None:
        return {"referrals": 0, "children": 0, "families": 0, "contacts": 0, "reviews": 0}
    today = today or timezone.localdate()
    rng = random.Random(seed)
    again = random.Random(seed + 1)  # re-referral draws: a stream of their own
    start = today - dt.timedelta(days=730)
    missing = set(MissingEpisode.objects.filter(started_at__date__gte=start).values_list("child_id", flat=True))
    in_care = (Child.objects.filter(pk__in=missing, placements__decom__lte=today)
               .filter(Q(placements__dec__isnull=True) | Q(placements__dec__gte=today)).distinct().order_by("pk"))
    children = [c for c in in_care if c.date_of_birth and 10 <= _age(c.date_of_birth, today) <= 17]
    chosen = rng.sample(children, round(SHARE_REFERRED * len(children)))
    kinds = list(InterventionType.objects.filter(active=True))
    made = contacts = reviews = 0
    for child in chosen:
        m, c, v = _history(rng, again, {"child": child}, worker, kinds, start, today)
        made, contacts, reviews = made + m, contacts + c, reviews + v
    # Families not in care: a stream of their own, so the children's history is the same with or without them.
    frng, fagain = random.Random(seed + 2), random.Random(seed + 3)
    families = 0
    for n in range(FAMILIES_PER_CHILD * len(chosen)):
        family = actions.record_family(actor=None, reference=f"EH-DEMO-{n + 1:04d}",
                                       initials="".join(frng.choice("ABCDEFGHJKLMNPRSTW") for _ in range(2)),
                                       birth_year=today.year - frng.randint(10, 17),
                                       postcode_district=f"ZZ{frng.randint(1, 9)}")
        families += 1
        m, c, v = _history(frng, fagain, {"family": family}, worker, kinds, start, today)
        made, contacts, reviews = made + m, contacts + c, reviews + v
    return {"referrals": made, "children": len(chosen), "families": families, "contacts": contacts,
            "reviews": reviews}


def _history(rng: random.Random, again: random.Random, subject: dict, worker, kinds, start: dt.date,
             today: dt.date) -> tuple[int, int, int]:
    """One child's or family's referrals, contacts, reviews, closures and re-referrals."""
    made = contacts = reviews = 0
    on = start + dt.timedelta(days=rng.randint(0, 700))
    while on <= today:
        r = actions.refer(actor=None, worker=worker, source=_pick(rng, SOURCES), concern=_pick(rng, CONCERNS),
                          reason=rng.choice(REASONS), initial_risk=_pick(rng, FIRST_RISK), referred_on=on,
                          **subject)
        made += 1
        length = rng.randint(60, 240)
        day, risk, next_review = on, r.initial_risk, on + dt.timedelta(days=rng.randint(35, 80))
        end = min(on + dt.timedelta(days=length), today)
        while True:
            day += dt.timedelta(days=rng.randint(5, 21))
            if day > end:
                break
            actions.record_contact(actor=None, referral=r, intervention=rng.choice(kinds), on=day,
                                   child_engaged=rng.random() < 0.8, note=rng.choice(NOTES))
            contacts += 1
            if day >= next_review:
                risk = _down(risk, rng)
                actions.record_review(actor=None, referral=r, risk=risk, reviewed_on=day,
                                      note="Demo history: reviewed with the family support worker.")
                reviews += 1
                next_review = day + dt.timedelta(days=rng.randint(95, 130) if rng.random() < LATE_REVIEW_SHARE
                                                 else rng.randint(35, 80))
        if on + dt.timedelta(days=length) > today:
            break  # still open today
        closure = ("needs_met" if risk in (Risk.NONE, Risk.LOW) else
                   _pick(rng, (("stepped_up", 0.6), ("declined", 0.25), ("moved", 0.15))))
        closed_on = on + dt.timedelta(days=length)
        actions.close_referral(actor=None, referral=r, closure=closure, closed_on=closed_on,
                               note="Demo history: closed at the review meeting.")
        if again.random() >= RE_REFER_SHARE:
            break
        on = closed_on + dt.timedelta(days=rng.randint(30, 200))
    return made, contacts, reviews
