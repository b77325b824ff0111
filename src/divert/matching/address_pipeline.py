"""Pipeline step: match incident locations and missing-from addresses to homes.

`run(today=...)` is called by the daily pipeline (divert.ops.pipeline) and after each police import. It matches

- every Incident whose `home_match_status` is `unmatched` (or, with `rematch=True`, every incident a person has
  not decided) against the homes open on the incident's date: opened on or before it, and not closed before it;
- every MissingReport whose missing-from address has not been matched yet (subject type `missing_location`).

Results are written through `matching.actions.record_machine_links` in batches, which leaves alone any subject
a person has decided and never proposes a pair a person rejected. Only counts are returned or logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Max, Q
from django.utils import timezone

from divert.core.batches import batched
from divert.police.models import Incident, LinkStatus, MissingReport
from divert.registers.models import Home

from .actions import Candidate, LinkResult, record_machine_links
from .addresses.decide import Decision
from .addresses.matcher import AddressMatcher, explain
from .addresses.records import AddressRecord, make_record
from .models import LinkDecision, SubjectType

LABEL = "address matcher v1"
BATCH = 2000


def home_record(home: Home) -> AddressRecord:
    """A home as a canonical address, with its name and the dates it was open."""
    address = ", ".join(p for p in (home.address_line1, home.address_line2, home.address_line3, home.town) if p)
    return make_record(home.pk, address, home.postcode, uprn=home.uprn, easting=home.easting, northing=home.northing,
                       name=home.name, opened_on=home.opened_on, closed_on=home.closed_on)


AREA_SAMPLE = 500_000  # recent postcoded locations read to learn where street names occur


def homes_matcher() -> AddressMatcher:
    """The homes register as a matcher, taught where street names occur by recent postcoded incident locations."""
    matcher = AddressMatcher([home_record(h) for h in Home.objects.all().order_by("pk")])
    rows = (Incident.objects.exclude(location_postcode="").order_by("-reported_at")
            .values_list("location_text", "location_postcode")[:AREA_SAMPLE])
    matcher.learn(make_record("", text, postcode) for text, postcode in rows.iterator(chunk_size=BATCH))
    return matcher


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def to_link_result(subject_id: int, decision: Decision, matcher: AddressMatcher) -> LinkResult:
    """A matcher Decision in the shape record_machine_links takes (home pks as targets, evidence kept)."""
    evidence = explain(decision, matcher)

    def candidate(pair) -> Candidate:
        return Candidate(target_id=int(matcher.key_of(pair)), score=round(pair.score, 4),
                         evidence={**pair.evidence, "method": pair.method, "capped": pair.capped,
                                   "reason": decision.reason, "runner_up": evidence.get("runner_up")})

    best = candidate(decision.best) if decision.best is not None and decision.outcome != LinkStatus.NONE else None
    return LinkResult(subject_id=subject_id, outcome=decision.outcome, best=best, method=decision.method,
                      candidates=[candidate(p) for p in decision.candidates] if decision.outcome == "review" else [])


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for k, v in counts.items():
        total[k] = total.get(k, 0) + v


def _last_run() -> dt.datetime | None:
    """When the address matcher last wrote a decision (any subject)."""
    return LinkDecision.objects.filter(decided_by_label=LABEL).aggregate(at=Max("decided_at"))["at"]


def stale_none(subject_type: str, postcode_field: str, uprn_field: str | None, last_run: dt.datetime | None) -> Q:
    """Records the machine found at no home *before* a home was added or changed, near that home: worth another
    look, so a home added (or corrected) later catches the incidents from its opening date.

    Bounded: only records whose postcode starts with a changed home's outward code (or that carry its UPRN); a
    homes import that rewrites every row therefore costs one pass over those districts, not over every incident.
    """
    changed = Home.objects.filter(updated_at__gt=last_run) if last_run else Home.objects.none()
    near = Q(pk__in=[])
    for postcode, uprn in changed.values_list("postcode", "uprn"):
        outward = postcode.split()[0] if postcode.strip() else ""
        if outward:
            near |= Q(**{f"{postcode_field}__istartswith": outward})
        if uprn and uprn_field:
            near |= Q(**{uprn_field: uprn})
    if near == Q(pk__in=[]):
        return near
    decided_none = LinkDecision.objects.filter(subject_type=subject_type, superseded_by__isnull=True,
                                               outcome=LinkDecision.Outcome.NONE, decided_by__isnull=True,
                                               decided_at__lte=last_run).values("subject_id")
    return Q(pk__in=decided_none) & near


def match_incidents(matcher: AddressMatcher, *, rematch: bool = False, progress: Callable[[int], None] | None = None,
                    last_run: dt.datetime | None = None, reported_from: dt.datetime | None = None,
                    reported_before: dt.datetime | None = None) -> dict[str, int]:
    """Match incident locations to homes; returns counts per outcome. With `reported_from`/`reported_before`
    (batch mode, matching/batch.py), only the unmatched incidents reported in that span."""
    if rematch:
        qs = Incident.objects.all()
    elif reported_from is not None or reported_before is not None:
        qs = Incident.objects.filter(home_match_status=LinkStatus.UNMATCHED)
        if reported_from is not None:
            qs = qs.filter(reported_at__gte=reported_from)
        if reported_before is not None:
            qs = qs.filter(reported_at__lt=reported_before)
    else:
        qs = Incident.objects.filter(Q(home_match_status=LinkStatus.UNMATCHED)
                                     | stale_none(SubjectType.INCIDENT_LOCATION, "location_postcode", "location_uprn",
                                                  last_run))
    rows = qs.order_by("pk").values_list("pk", "location_text", "location_postcode", "location_uprn", "easting",
                                         "northing", "reported_at").iterator(chunk_size=BATCH)
    total: dict[str, int] = {}
    done = 0
    for batch in batched(rows, BATCH):
        results = []
        for pk, text, postcode, uprn, easting, northing, reported_at in batch:
            rec = make_record(pk, text, postcode, uprn=uprn, easting=easting, northing=northing,
                              on_date=_local_date(reported_at))
            results.append(to_link_result(pk, matcher.match_one(rec), matcher))
        _add(total, record_machine_links(subject_type=SubjectType.INCIDENT_LOCATION, results=results, label=LABEL))
        done += len(batch)
        if progress:
            progress(done)
    return total


def match_missing_locations(matcher: AddressMatcher, *, rematch: bool = False,
                            last_run: dt.datetime | None = None) -> dict[str, int]:
    """Match missing-from addresses to homes; returns counts per outcome."""
    qs = MissingReport.objects.exclude(missing_from_address="", missing_from_postcode="")
    if not rematch:
        done_ids = LinkDecision.objects.filter(subject_type=SubjectType.MISSING_LOCATION).values("subject_id")
        qs = qs.filter(home__isnull=True).filter(
            ~Q(pk__in=done_ids) | stale_none(SubjectType.MISSING_LOCATION, "missing_from_postcode", None, last_run))
    rows = qs.order_by("pk").values_list("pk", "missing_from_address", "missing_from_postcode",
                                         "reported_missing_at").iterator(chunk_size=BATCH)
    total: dict[str, int] = {}
    for batch in batched(rows, BATCH):
        results = [to_link_result(pk, matcher.match_one(make_record(pk, text, postcode, on_date=_local_date(at))),
                                  matcher) for pk, text, postcode, at in batch]
        _add(total, record_machine_links(subject_type=SubjectType.MISSING_LOCATION, results=results, label=LABEL))
    return total


def run(*, today: dt.date | None = None, rematch: bool = False,
        progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """The pipeline step. `today` is accepted for the pipeline's signature; each record uses its own date."""
    if not Home.objects.exists():
        return {"homes": 0}  # nothing to match against yet: leave records unmatched for when homes arrive
    last_run = _last_run()  # before this run writes anything: homes changed since then are "new"
    matcher = homes_matcher()
    incidents = match_incidents(matcher, rematch=rematch, progress=progress, last_run=last_run)
    missing = match_missing_locations(matcher, rematch=rematch, last_run=last_run)
    counts = {f"incidents_{k}": v for k, v in incidents.items()}
    counts.update({f"missing_{k}": v for k, v in missing.items()})
    counts["homes"] = len(matcher.canonical)
    return counts
