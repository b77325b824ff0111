"""Reads for the review queue and the undo page.

A review item shows one police record (the subject) beside one candidate: a child in care for people, a home for
locations. `side_by_side` lines up the fields and says, from the matcher's evidence, which agree and which not.
"""

from dataclasses import dataclass

from django.db.models import Count, F

from divert.core.formats import uk_date, uk_datetime
from divert.police.models import CustodyRecord, Incident, Involvement, MissingReport

from .actions import HOME_SUBJECTS, SUBJECT_MODELS
from .models import LinkDecision, ReviewItem, SubjectType

PEOPLE_SUBJECTS = (SubjectType.INVOLVEMENT, SubjectType.CUSTODY, SubjectType.MISSING_REPORT)
QUEUE_STATES = (ReviewItem.State.OPEN, ReviewItem.State.NOT_SURE)
KIND_CLASS = {"agree": "divert-agree", "disagree": "divert-disagree"}
KIND_TEXT = {"agree": "Agrees", "disagree": "Disagrees", "partial": "Partly agrees", "missing": "Not given"}
# The matcher's level names in words an analyst uses (people/model.py LEVELS; addresses/score.py evidence).
LEVEL_WORDS = {
    "exact": "the same", "different": "different", "missing": "not given on one side", "none": "not given",
    "swapped with surname": "the same, but given as the last name",
    "swapped with forename": "the same, but given as the first name",
    "typo": "nearly the same (a typing slip)", "nickname": "a short form of the same name", "similar": "similar",
    "initial": "only the first letter agrees", "shared part": "one part of a double name agrees",
    "day and month swapped": "the same, with the day and month swapped",
    "one digit off": "one digit different (a typing slip)", "two digits off": "two digits different",
    "within a year": "within a year of each other",
    "alias": "the same as a name the child is also known by",
    "sector": "in the same postcode sector", "district": "in the same postcode district",
    "area": "in the same postcode area", "range": "the record gives a range of house numbers",
}
FIELD_WORDS = {"first_name": "first name", "surname": "last name", "dob": "date of birth", "sex": "sex",
               "postcode": "postcode", "address": "address", "uprn": "property reference (UPRN)",
               "number": "house number", "street": "street", "unit": "flat or unit", "name": "building name"}
# Why the matcher sent an item for review rather than linking it (people/decide.py, addresses/decide.py).
REASON_WORDS = {
    "review band": "The details agree only in part.",
    "forename disagrees": "The first names differ.",
    "two or more children above the auto-link threshold": "More than one child in care matches well.",
    "below link threshold": "The address agrees only in part.",
    "runner-up too close": "Another address matches almost as well.",
    "number_range": "The police record gives a range of house numbers.",
    "unit_canonical_only": "The home's address has a flat or unit number the police record does not give.",
    "unit_messy_only": "The police record gives a flat or unit number the home's address does not.",
    "unit_conflict": "The flat or unit numbers differ.",
    "qualifier": "The police record places it near or outside the address, not at it.",
}


@dataclass
class FieldRow:
    label: str
    subject_value: str
    candidate_value: str
    kind: str = ""  # agree | disagree | partial | missing | ""
    level: str = ""

    @property
    def css_class(self) -> str:
        return KIND_CLASS.get(self.kind, "")

    @property
    def verdict(self) -> str:
        """"Agrees: one digit different (a typing slip)", "Partly agrees: 1 year apart", "Not given"."""
        text = KIND_TEXT.get(self.kind, "")
        if not text or not self.level or self.level == "missing":
            return text
        return f"{text}: {LEVEL_WORDS.get(self.level, self.level)}"


def probability_words(probability, *, place: bool = False) -> str:
    """A match probability as an analyst says it: "very likely the same person (about 97 in 100)"."""
    if probability is None:
        return "not scored"
    p = float(probability)
    same = "the same place" if place else "the same person"
    if p >= 0.995:
        return f"almost certainly {same} (over 99 in 100)"
    n = round(p * 100)
    word = ("very likely" if n >= 90 else "likely" if n >= 70 else "possibly" if n >= 40 else "unlikely to be")
    return f"{word} {same} (about {n} in 100)"


def reason_words(evidence: dict) -> list[str]:
    """Why the item waits for a person, in sentences (each capping reason of an address once)."""
    reasons = str((evidence or {}).get("reason") or "")
    words = [REASON_WORDS.get(r.strip(), "") for r in reasons.split(";")]
    return [w for w in dict.fromkeys(words) if w]


def disagreeing_fields(evidence: dict) -> str:
    """The fields that disagree, in words ("first name, date of birth"), or "nothing"."""
    names = [FIELD_WORDS.get(f, f.replace("_", " ")) for f in (evidence or {}).get("disagree", [])]
    return ", ".join(names) or "nothing"


# Most useful first: a custody record may be an arrest of a child in care waiting for an alert, then the people in
# incidents (the daily list), missing reports, and last the addresses.
KIND_ORDER = [SubjectType.CUSTODY, SubjectType.INVOLVEMENT, SubjectType.MISSING_REPORT,
              SubjectType.INCIDENT_LOCATION, SubjectType.MISSING_LOCATION]


def review_queue(*, state: str = ReviewItem.State.OPEN, kind: str = ""):
    """Items waiting for a person, most useful first (KIND_ORDER, then the likeliest match, then the oldest), with
    their candidates loaded; `kind` keeps one kind of record."""
    from django.db.models import Case, IntegerField, Value, When

    qs = ReviewItem.objects.filter(state=state)
    if kind in SubjectType.values:
        qs = qs.filter(subject_type=kind)
    rank = Case(*[When(subject_type=k, then=Value(i)) for i, k in enumerate(KIND_ORDER)],
                default=Value(len(KIND_ORDER)), output_field=IntegerField())
    return (qs.select_related("candidate_child", "candidate_home").annotate(kind_rank=rank)
            .order_by("kind_rank", F("score").desc(nulls_last=True), "created_at", "pk"))


def review_queue_ids(*, state: str = ReviewItem.State.OPEN, kind: str = ""):
    """The queue's order as item ids alone: a page of them is sorted from the narrow rows, before any candidate is
    joined (sorting every waiting item joined to its child and home cost the force-size queue 5 ms of database
    time a page, against about 1 ms). Read the page's items with `items_in_order`."""
    return review_queue(state=state, kind=kind).select_related(None).values_list("pk", flat=True)


def items_in_order(ids) -> list[ReviewItem]:
    """The review items with these ids, in this order, with their candidates loaded (one query)."""
    ids = list(ids)
    found = ReviewItem.objects.select_related("candidate_child", "candidate_home").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def queue_counts() -> dict[tuple[str, str], int]:
    """Items waiting for a person, counted by (state, kind of record), in one query."""
    rows = (ReviewItem.objects.filter(state__in=QUEUE_STATES).values("state", "subject_type")
            .annotate(n=Count("id")).values_list("state", "subject_type", "n"))
    return {(state, kind): n for state, kind, n in rows}


def likelihood_words(bayes_factor: float) -> str:
    """A weight of evidence as an analyst says it: "about 4 times more likely to be the same person"."""
    bf = float(bayes_factor)
    if bf <= 0:
        return "rules the match out"
    if 0.8 <= bf <= 1.25:
        return "makes no real difference"
    if bf > 1:
        n = f"{bf:.1f}".rstrip("0").rstrip(".") if bf < 2 else f"{round(bf):,}"
        return f"about {n} times more likely to be the same person"
    inv = 1 / bf
    n = f"{inv:.1f}".rstrip("0").rstrip(".") if inv < 2 else f"{round(inv):,}"
    return f"about {n} times less likely to be the same person"


def dob_difference(left, right) -> str:
    """What differs between two dates of birth, in words ("1 year apart", "a different day", "day and month
    swapped"); "" when they agree or one is missing."""
    if not left or not right or left == right:
        return ""
    if (left.day, left.month, left.year) == (right.month, right.day, right.year):
        return "day and month swapped"
    parts = []
    years = abs(left.year - right.year)
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''} apart")
    if left.month != right.month:
        parts.append("a different month")
    if left.day != right.day:
        parts.append("a different day")
    return ", ".join(parts)


def next_item_after(item: ReviewItem | None = None):
    qs = review_queue()
    if item is not None:
        qs = qs.exclude(pk=item.pk)
    return qs.first()


def subject_of(subject_type: str, subject_id: int):
    """The police record a decision is about (None if it has gone)."""
    model = SUBJECT_MODELS[SubjectType(subject_type)]
    qs = model.objects.all()
    if model is Involvement:
        qs = qs.select_related("incident")
    return qs.filter(pk=subject_id).first()


def _date(value) -> str:
    return uk_date(value)


SEX_WORDS = {"M": "Male", "F": "Female", "U": "Not known", "1": "Male", "2": "Female"}


def _person_values(obj) -> dict:
    postcode = ""
    if isinstance(obj, CustodyRecord):
        postcode = obj.postcode
    elif isinstance(obj, MissingReport):
        postcode = obj.missing_from_postcode
    return {"first_name": obj.first_name, "surname": obj.last_name, "dob": obj.date_of_birth,
            "sex": SEX_WORDS.get(obj.sex or "", obj.sex or ""), "postcode": postcode}


PERSON_LABELS = [("first_name", "First name"), ("surname", "Last name"), ("dob", "Date of birth"), ("sex", "Sex"),
                 ("postcode", "Postcode")]


def side_by_side(item: ReviewItem, subject) -> list[FieldRow]:
    """Rows of (field, record value, candidate value, agreement in words) for the item page."""
    fields = (item.evidence or {}).get("fields", {})
    if item.subject_type in HOME_SUBJECTS:
        return _home_rows(item, subject)
    child = item.candidate_child
    left = _person_values(subject) if subject else {}
    right = {"first_name": child.first_name, "surname": child.last_name, "dob": child.date_of_birth,
             "sex": SEX_WORDS.get(child.sex or "", child.sex or ""), "postcode": child.postcode} if child else {}
    rows = []
    for key, label in PERSON_LABELS:
        info = fields.get(key, {})
        kind, level = info.get("kind", ""), info.get("level", "")
        if key == "dob":
            kind, level = dob_kind_level(left.get(key), right.get(key), kind, level)
            rows.append(FieldRow(label, _date(left.get(key)), _date(right.get(key)), kind, level))
            continue
        shown = str(right.get(key) or "")
        alias = _agreeing_alias(child, key, left.get(key)) if kind == "agree" and child else ""
        if alias:
            # The matcher compared the record with one of the child's other names: show that name, not "the same".
            shown, level = f"{shown} (also known as {alias})", "alias"
        rows.append(FieldRow(label, str(left.get(key) or ""), shown, kind, level))
    return rows


def dob_kind_level(left, right, kind: str, level: str) -> tuple[str, str]:
    """(kind, level) of a date-of-birth comparison as a person reads it: a slip in the year is a different year,
    not "one digit off", so say how far apart the dates are (20 years apart disagrees, 1 year apart partly)."""
    diff = dob_difference(left, right)
    if "year" in diff:
        return ("disagree" if "years" in diff or "," in diff else "partial"), diff
    if diff and level in ("one digit off", "two digits off", ""):
        return kind, diff if level == "" else f"{LEVEL_WORDS[level]}, {diff}"
    return kind, level


def _agreeing_alias(child, key: str, value) -> str:
    """The child's other name the record's name agrees with, when it differs from the child's own ("" if none)."""
    attr = "first_name" if key == "first_name" else "last_name"
    given = str(value or "").strip().casefold()
    if not given or given == str(getattr(child, attr) or "").strip().casefold():
        return ""
    for alias in child.aliases.all():
        if str(getattr(alias, attr) or "").strip().casefold() == given:
            return str(getattr(alias, attr))
    return ""


def _address_level(value) -> tuple[str, str]:
    """(kind, level) of one address evidence value (addresses/score.py): a level name or a similarity 0-1."""
    if value in (None, "", "none", "missing"):
        return "missing", "missing"
    if isinstance(value, int | float):
        v = float(value)
        if v >= 0.95:
            return "agree", "exact"
        return ("partial", "similar") if v >= 0.6 else ("disagree", "different")
    if value == "exact":
        return "agree", "exact"
    if value in ("sector", "district", "area", "range", "swapped"):
        return "partial", str(value)
    return "disagree", str(value) if value in LEVEL_WORDS else "different"


def _home_rows(item, subject) -> list[FieldRow]:
    home = item.candidate_home
    evidence = item.evidence or {}
    if isinstance(subject, Incident):
        left = {"address": subject.location_text, "postcode": subject.location_postcode, "uprn": subject.location_uprn}
    elif isinstance(subject, MissingReport):
        left = {"address": subject.missing_from_address, "postcode": subject.missing_from_postcode, "uprn": ""}
    else:
        left = {}
    right = {"address": f"{home.name}, {home.address}" if home else "", "postcode": home.postcode if home else "",
             "uprn": home.uprn if home else ""}
    rows = []
    street_kind, street_level = _address_level(evidence.get("street"))
    number = evidence.get("number")
    if number and number not in ("exact", "none", "missing"):
        street_kind, street_level = "partial", "range" if number == "range" else "different"
        if number != "range":
            street_level = "the house numbers differ"
    rows.append(FieldRow("Address", left.get("address", ""), right["address"],
                         street_kind if "street" in evidence else "", street_level if "street" in evidence else ""))
    for key, label in (("postcode", "Postcode"), ("uprn", "Property reference (UPRN)")):
        kind, level = _address_level(evidence.get(key)) if key in evidence else ("", "")
        rows.append(FieldRow(label, str(left.get(key) or ""), str(right.get(key) or ""), kind, level))
    return rows


def other_evidence(evidence: dict) -> list[tuple[str, str]]:
    """The evidence beyond the side-by-side fields, in words: what the other police records with the same name say,
    the record's role and the placement comparison (people/population.py, role.py, placement.py). Counts only."""
    rows = []
    if evidence.get("splink_probability") is not None:
        rows.append(("From the names, date of birth, sex and postcode alone",
                     probability_words(evidence["splink_probability"]).capitalize()))
    names = evidence.get("name_population")
    if names:
        text = (f"{names['records']} other police record{'s' if names['records'] != 1 else ''} with this name and "
                f"a date of birth; {names['agreeing']} give this child's date of birth")
        if names.get("same_dob") is not None:
            text += f"; {names['same_dob']} give this record's date of birth"
        if names.get("undated") is not None:
            text += f"; {names['undated']} with this name have no date of birth (this one included)"
        rows.append(("Other records with this name", text))
    role = evidence.get("role")
    if role:
        rows.append(("Role in the incident", f"{likelihood_words(role['bayes_factor']).capitalize()}, because of how "
                                             "often children in care are named in this role in police records"))
    placement = evidence.get("placement")
    if placement and placement.get("kind") in ("agree", "disagree"):
        rows.append(("Placement on the record's date", f"{placement['level'].capitalize()}: "
                                                       f"{likelihood_words(placement['bayes_factor'])}, because the "
                                                       "record's address is compared with where the child was placed"))
    return rows


def subject_context(subject_type: str, subject) -> list[tuple[str, str]]:
    """Other facts about the police record shown above the comparison (reference, when, role)."""
    if subject is None:
        return []
    if isinstance(subject, Involvement):
        inc = subject.incident
        return [("Incident", inc.reference), ("Reported", uk_datetime(inc.reported_at)),
                ("Role", subject.get_role_display()), ("Location", inc.location_text)]
    if isinstance(subject, CustodyRecord):
        return [("Custody record", subject.custody_reference),
                ("Arrested", uk_datetime(subject.arrested_at)), ("Offence", subject.offence)]
    if isinstance(subject, MissingReport):
        return [("Missing report", subject.reference),
                ("Reported missing", uk_datetime(subject.reported_missing_at))]
    if isinstance(subject, Incident):
        return [("Incident", subject.reference), ("Reported", uk_datetime(subject.reported_at))]
    return []


def _subject_lines(subject_type: str, subject) -> tuple[str, str]:
    """(what the record is, who or where it names) for the queue: "Custody record CU00001234", "Jo Bloggs, born
    3 March 2012"; an address for a location."""
    if subject is None:
        return SubjectType(subject_type).label, "The police record is no longer there"
    if isinstance(subject, Involvement):
        inc = subject.incident
        return (f"{subject.get_role_display()} in incident {inc.reference}, {uk_date(inc.reported_at)}",
                _person_line(subject))
    if isinstance(subject, CustodyRecord):
        return f"Custody record {subject.custody_reference}, {uk_date(subject.arrested_at)}", _person_line(subject)
    if isinstance(subject, MissingReport):
        if subject_type == SubjectType.MISSING_LOCATION:
            return (f"Missing report {subject.reference}, {uk_date(subject.reported_missing_at)}",
                    ", ".join(x for x in (subject.missing_from_address, subject.missing_from_postcode) if x))
        return f"Missing report {subject.reference}, {uk_date(subject.reported_missing_at)}", _person_line(subject)
    if isinstance(subject, Incident):
        return (f"Incident {subject.reference}, {uk_date(subject.reported_at)}",
                ", ".join(x for x in (subject.location_text, subject.location_postcode) if x))
    return SubjectType(subject_type).label, ""


def record_title(subject_type: str, subject) -> str:
    """The police record in words: "Custody record CU00001234, 3 March 2026"."""
    return _subject_lines(subject_type, subject)[0]


def _person_line(obj) -> str:
    name = f"{obj.first_name} {obj.last_name}".strip() or "No name given"
    return f"{name}, born {uk_date(obj.date_of_birth)}" if obj.date_of_birth else f"{name}, no date of birth"


def candidate_lines(item: ReviewItem) -> tuple[str, str]:
    """(name, detail) of the candidate: a child by name and date of birth, a home by name and address."""
    if item.candidate_child is not None:
        c = item.candidate_child
        return str(c), f"Child in care, born {uk_date(c.date_of_birth)}"
    if item.candidate_home is not None:
        h = item.candidate_home
        return h.name, h.address or h.postcode
    return "No candidate", ""


def queue_rows(items: list[ReviewItem]) -> list[dict]:
    """One row per item for the queue page, in words: the police record and who or where it names, the candidate,
    how likely the match is and which fields disagree. The records are read in one query per kind."""
    ids: dict[str, set[int]] = {}
    for i in items:
        ids.setdefault(i.subject_type, set()).add(i.subject_id)
    found: dict[tuple[str, int], object] = {}
    for subject_type, pks in ids.items():
        model = SUBJECT_MODELS[SubjectType(subject_type)]
        qs = model.objects.filter(pk__in=pks)
        if model is Involvement:
            qs = qs.select_related("incident")
        found.update({(subject_type, o.pk): o for o in qs})
    rows = []
    for i in items:
        record, names = _subject_lines(i.subject_type, found.get((i.subject_type, i.subject_id)))
        candidate, detail = candidate_lines(i)
        rows.append({"item": i, "record": record, "names": names, "candidate": candidate,
                     "candidate_detail": detail,
                     "likelihood": probability_words(i.score, place=i.subject_type in HOME_SUBJECTS),
                     "disagree": disagreeing_fields(_with_dob_words(i, found.get((i.subject_type, i.subject_id)))),
                     "why": " ".join(reason_words(i.evidence or {}))})
    return rows


def _with_dob_words(item: ReviewItem, subject) -> dict:
    """The item's evidence with the date of birth counted as disagreeing when the item page says so (years apart),
    so the queue's "What disagrees" and the item page agree."""
    evidence = item.evidence or {}
    child = item.candidate_child
    if subject is None or child is None or item.subject_type in HOME_SUBJECTS:
        return evidence
    info = evidence.get("fields", {}).get("dob", {})
    kind, _ = dob_kind_level(_person_values(subject).get("dob"), child.date_of_birth, info.get("kind", ""),
                             info.get("level", ""))
    disagree = list(evidence.get("disagree", []))
    if kind == "disagree" and "dob" not in disagree:
        return {**evidence, "disagree": [*disagree, "dob"]}
    return evidence


def other_candidates(item: ReviewItem):
    return (ReviewItem.objects.filter(subject_type=item.subject_type, subject_id=item.subject_id)
            .exclude(pk=item.pk).select_related("candidate_child", "candidate_home").order_by("-score"))


def link_history(subject_type: str, subject_id: int):
    """Every decision about one record, newest first: the audit trail of its link."""
    return (LinkDecision.objects.filter(subject_type=subject_type, subject_id=subject_id)
            .select_related("child", "home", "decided_by").order_by("-decided_at", "-pk"))


def current_target(subject_type: str, subject):
    if subject is None:
        return None
    return subject.home if subject_type in HOME_SUBJECTS else subject.child


def manual_target(subject_type: str, user, reference: str) -> tuple[int, str] | None:
    """(target id, label) of the child (by the register's child ID) or home (by URN) that `user` may see, for a
    link made by hand; None when there is none."""
    from divert.registers.access import children_visible_to, homes_visible_to

    reference = (reference or "").strip()
    if not reference:
        return None
    if subject_type in HOME_SUBJECTS:
        home = homes_visible_to(user).filter(urn=reference).first()
        return (home.pk, str(home)) if home else None
    child = children_visible_to(user).filter(child_id=reference).first()
    return (child.pk, f"{child} ({child.child_id})") if child else None
