"""Read police person records and the register into linkage frames.

Left: people in incidents (no address of their own), custody records (address given) and missing reports
(missing-from postcode). Right: every child in the register and one row per alias, all pointing at the child.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from django.db.models import QuerySet

from divert.police.models import CustodyRecord, Involvement, LinkStatus, MissingReport
from divert.registers.models import Child, ChildAlias

from ..models import SubjectType
from .prepare import build_frame, frame

# type[Any]: the subject models share no base class; each has the person fields read here.
SUBJECTS: dict[str, tuple[type[Any], str | None]] = {
    SubjectType.INVOLVEMENT: (Involvement, None),
    SubjectType.CUSTODY: (CustodyRecord, "postcode"),
    SubjectType.MISSING_REPORT: (MissingReport, "missing_from_postcode"),
}


def left_key(subject_type: str, pk: int) -> str:
    return f"{subject_type}:{pk}"


def split_left_key(key: str) -> tuple[str, int]:
    subject_type, _, pk = key.partition(":")
    return subject_type, int(pk)


def subject_queryset(subject_type: str, *, statuses: Iterable[str] | None = (LinkStatus.UNMATCHED,), since=None):
    model, _pc = SUBJECTS[subject_type]
    qs = model.objects.all()
    if statuses is not None:
        qs = qs.filter(link_status__in=list(statuses))
    if since is not None:
        date_fields: dict[str, str] = {SubjectType.INVOLVEMENT: "incident__reported_at",
                                       SubjectType.CUSTODY: "arrested_at",
                                       SubjectType.MISSING_REPORT: "reported_missing_at"}
        date_field = date_fields[subject_type]
        qs = qs.filter(**{f"{date_field}__date__gte": since})
    return qs


def left_frame(querysets: Mapping[str, QuerySet], limit: int | None = None) -> pd.DataFrame:
    """Police person records as a linkage frame; `unique_id` and `record_id` are `subject_type:pk`."""
    rows = []
    for subject_type, qs in querysets.items():
        _model, pc_field = SUBJECTS[subject_type]
        fields = ["pk", "first_name", "last_name", "date_of_birth", "sex"] + ([pc_field] if pc_field else [])
        values = qs.order_by("pk").values_list(*fields)
        if limit:
            values = values[:limit]
        for row in values.iterator(chunk_size=5000):
            key = left_key(subject_type, row[0])
            rows.append((key, key, row[1], row[2], row[3], row[4], row[5] if pc_field else None))
    return _build(rows)


def _build(rows: list[tuple]) -> pd.DataFrame:
    if not rows:
        return frame([])
    unique_ids, record_ids, first_names, last_names, dobs, sexes, postcodes = zip(*rows, strict=True)
    return build_frame(unique_ids, record_ids, first_names, last_names, dobs, sexes, postcodes)


def register_frame() -> pd.DataFrame:
    """Children and their aliases (aliases share the child's date of birth, sex and postcode)."""
    rows: list[tuple] = []
    people: dict[int, tuple] = {}
    for pk, first, last, dob, sex, postcode in Child.objects.values_list(
            "pk", "first_name", "last_name", "date_of_birth", "sex", "postcode").iterator(chunk_size=5000):
        people[pk] = (dob, sex, postcode)
        rows.append((f"c{pk}", pk, first, last, dob, sex, postcode))
    for apk, child_id, first, last in ChildAlias.objects.values_list("pk", "child_id", "first_name", "last_name"):
        dob, sex, postcode = people.get(child_id, (None, None, None))
        rows.append((f"c{child_id}~a{apk}", child_id, first, last, dob, sex, postcode))
    return _build(rows)


def _day(when):
    from django.utils import timezone

    return timezone.localtime(when).date() if timezone.is_aware(when) else when.date()


def _pc(value) -> str:
    return "".join(str(value or "").split()).upper()


def left_contexts(querysets: Mapping[str, QuerySet]) -> dict:
    """Where and when each police record happened, for the placement evidence (people/placement.py): the home of
    the incident (linked by address matching), the home a missing report is from, or the home(s) at a custody
    record's postcode; and the record's date. Records with no home are left out (no evidence)."""
    from divert.registers.models import Home

    from .placement import Context

    out: dict[str, Context] = {}
    for subject_type, qs in querysets.items():
        if subject_type == SubjectType.INVOLVEMENT:
            rows = qs.filter(incident__home__isnull=False, incident__home_match_status=LinkStatus.LINKED
                             ).values_list("pk", "incident__home_id", "incident__reported_at")
            for pk, home, when in rows.iterator(chunk_size=5000):
                out[left_key(subject_type, pk)] = Context(frozenset([home]), _day(when))
        elif subject_type == SubjectType.MISSING_REPORT:
            rows = qs.filter(home__isnull=False).values_list("pk", "home_id", "reported_missing_at")
            for pk, home, when in rows.iterator(chunk_size=5000):
                out[left_key(subject_type, pk)] = Context(frozenset([home]), _day(when))
        elif subject_type == SubjectType.CUSTODY:
            homes: dict[str, set[int]] = {}
            for hpk, pc in Home.objects.values_list("pk", "postcode"):
                if _pc(pc):
                    homes.setdefault(_pc(pc), set()).add(hpk)
            for pk, pc, when in qs.exclude(postcode="").values_list("pk", "postcode", "arrested_at"
                                                                     ).iterator(chunk_size=5000):
                found = homes.get(_pc(pc))
                if found and when is not None:
                    out[left_key(subject_type, pk)] = Context(frozenset(found), _day(when))
    return out


def placement_index():
    """Every placement with a home, indexed by home (people/placement.py)."""
    from divert.registers.models import Placement

    from .placement import PlacementIndex

    rows = Placement.objects.filter(home__isnull=False).values_list("child_id", "home_id", "decom", "dec")
    return PlacementIndex(rows.iterator(chunk_size=5000), Child.objects.count())


# The date of each kind of record's event (the incident, the arrest, the report of a missing person).
EVENT_DATE_FIELDS: dict[str, str] = {SubjectType.INVOLVEMENT: "incident__reported_at",
                                     SubjectType.CUSTODY: "arrested_at",
                                     SubjectType.MISSING_REPORT: "reported_missing_at"}


def police_name_population():
    """Every police person record, counted per cleaned name and date of birth (people/population.py): the records
    already held as well as those being linked. Grouped in the database first (names repeat). The count is of
    events, not rows (`one_event_one_observation`): records of one name and one date of birth as written on one
    day are one observation."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from .population import NamePopulation, one_event_one_observation

    days: dict[tuple, set] = {}
    undated_days: dict[tuple, int] = {}  # records whose event has no date: each its own observation
    for subject_type in SUBJECTS:
        model, _pc = SUBJECTS[subject_type]
        rows = (model.objects.annotate(day=TruncDate(EVENT_DATE_FIELDS[subject_type]))
                .values("first_name", "last_name", "date_of_birth", "day").annotate(n=Count("pk")).order_by()
                .values_list("first_name", "last_name", "date_of_birth", "day", "n"))
        for first, last, dob, day, n in rows.iterator(chunk_size=10000):
            key = (first, last, dob)
            if day is None:
                undated_days[key] = undated_days.get(key, 0) + n
            else:
                days.setdefault(key, set()).add(day)
    keys = list(days.keys() | undated_days.keys())
    if not keys:
        return NamePopulation()
    cleaned = build_frame(range(len(keys)), range(len(keys)), [k[0] for k in keys], [k[1] for k in keys],
                          [k[2] for k in keys], [None] * len(keys), [None] * len(keys))
    # Raw spellings that clean to one name (JACK / Jack) are one name: their days are pooled before counting.
    pooled: dict[tuple, tuple[set, int]] = {}
    for first, last, dob, key in zip(cleaned["first_name"], cleaned["surname"], cleaned["dob"], keys, strict=True):
        dob = dob if isinstance(dob, str) and dob else None
        seen, loose = pooled.get((first, last, dob), (set(), 0))
        pooled[(first, last, dob)] = (seen | days.get(key, set()), loose + undated_days.get(key, 0))
    return NamePopulation.from_rows((first, last, dob, one_event_one_observation(seen, loose))
                                    for (first, last, dob), (seen, loose) in pooled.items())


def left_roles(querysets: Mapping[str, QuerySet]) -> dict[str, str]:
    """The role of each person named in an incident (people/role.py); custody records and missing reports have
    none."""
    qs = querysets.get(SubjectType.INVOLVEMENT)
    if qs is None:
        return {}
    return {left_key(SubjectType.INVOLVEMENT, pk): role
            for pk, role in qs.values_list("pk", "role").iterator(chunk_size=10000) if role}
