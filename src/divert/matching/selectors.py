"""Reads for the review queue and the undo page.

A review item shows one police record (the subject) beside one candidate: a child in care for people, a home for
locations. `side_by_side` lines up the fields and says, from the matcher's evidence, which agree and which not.
"""

from dataclasses import dataclass

from django.db.models import F

from divert.police.models import CustodyRecord, Incident, Involvement, MissingReport

from .actions import HOME_SUBJECTS, SUBJECT_MODELS
from .models import LinkDecision, ReviewItem, SubjectType

PEOPLE_SUBJECTS = (SubjectType.INVOLVEMENT, SubjectType.CUSTODY, SubjectType.MISSING_REPORT)
QUEUE_STATES = (ReviewItem.State.OPEN, ReviewItem.State.NOT_SURE)
KIND_CLASS = {"agree": "divert-agree", "disagree": "divert-disagree"}
KIND_TEXT = {"agree": "Agrees", "disagree": "Disagrees", "partial": "Partly agrees", "missing": "Not given"}


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
        text = KIND_TEXT.get(self.kind, "")
        return f"{text} ({self.level})" if text and self.level and self.level not in ("missing",) else text


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


def dob_difference(left: str, right: str) -> str:
    """What differs between two dates of birth (DD/MM/YYYY), in words; "" when they agree or one is missing."""
    try:
        ld, lm, ly = (int(x) for x in left.split("/"))
        rd, rm, ry = (int(x) for x in right.split("/"))
    except ValueError:
        return ""
    parts = []
    if ly != ry:
        parts.append(f"{abs(ly - ry)} year{'s' if abs(ly - ry) != 1 else ''} apart")
    if lm != rm:
        parts.append("a different month")
    if ld != rd:
        parts.append("a different day")
    if (ld, lm) == (rm, rd) and ly == ry and ld != lm:
        return "day and month swapped"
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
    return value.strftime("%d/%m/%Y") if value else ""


def _person_values(obj) -> dict[str, str]:
    postcode = ""
    if isinstance(obj, CustodyRecord):
        postcode = obj.postcode
    elif isinstance(obj, MissingReport):
        postcode = obj.missing_from_postcode
    return {"first_name": obj.first_name, "surname": obj.last_name, "dob": _date(obj.date_of_birth),
            "sex": obj.sex, "postcode": postcode}


PERSON_LABELS = [("first_name", "First name"), ("surname", "Last name"), ("dob", "Date of birth"), ("sex", "Sex"),
                 ("postcode", "Postcode")]


def side_by_side(item: ReviewItem, subject) -> list[FieldRow]:
    """Rows of (field, record value, candidate value, agreement) for the item page."""
    fields = (item.evidence or {}).get("fields", {})
    if item.subject_type in HOME_SUBJECTS:
        return _home_rows(item, subject, fields)
    child = item.candidate_child
    left = _person_values(subject) if subject else {}
    right = {"first_name": child.first_name, "surname": child.last_name, "dob": _date(child.date_of_birth),
             "sex": child.sex, "postcode": child.postcode} if child else {}
    rows = []
    for key, label in PERSON_LABELS:
        info = fields.get(key, {})
        kind, level = info.get("kind", ""), info.get("level", "")
        if key == "dob" and left.get(key) and right.get(key) and left[key] != right[key]:
            # A typo-like difference in the year is a different year, not "one digit off".
            diff = dob_difference(left[key], right[key])
            if "year" in diff:
                kind, level = "disagree" if "years" in diff or "," in diff else "partial", diff
        rows.append(FieldRow(label, left.get(key, ""), right.get(key, ""), kind, level))
    return rows


def _home_rows(item, subject, fields) -> list[FieldRow]:
    home = item.candidate_home
    if isinstance(subject, Incident):
        left = {"address": subject.location_text, "postcode": subject.location_postcode, "uprn": subject.location_uprn}
    elif isinstance(subject, MissingReport):
        left = {"address": subject.missing_from_address, "postcode": subject.missing_from_postcode, "uprn": ""}
    else:
        left = {}
    right = {"address": home.address if home else "", "postcode": home.postcode if home else "",
             "uprn": home.uprn if home else ""}
    rows = []
    for key, label in (("address", "Address"), ("postcode", "Postcode"), ("uprn", "UPRN")):
        info = fields.get(key, {}) if isinstance(fields.get(key), dict) else {}
        rows.append(FieldRow(label, left.get(key, ""), right.get(key, ""), info.get("kind", ""), info.get("level", "")))
    return rows


def other_evidence(evidence: dict) -> list[tuple[str, str]]:
    """The evidence beyond the side-by-side fields, in words: what the other police records with the same name say,
    the record's role and the placement comparison (people/population.py, role.py, placement.py). Counts only."""
    rows = []
    if evidence.get("splink_probability") is not None:
        rows.append(("Score from the fields alone", f"{float(evidence['splink_probability']):.3f}"))
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
        return [("Incident", inc.reference), ("Reported", inc.reported_at.strftime("%d/%m/%Y %H:%M")),
                ("Role", subject.get_role_display()), ("Location", inc.location_text)]
    if isinstance(subject, CustodyRecord):
        return [("Custody record", subject.custody_reference),
                ("Arrested", subject.arrested_at.strftime("%d/%m/%Y %H:%M")), ("Offence", subject.offence)]
    if isinstance(subject, MissingReport):
        return [("Missing report", subject.reference),
                ("Reported missing", subject.reported_missing_at.strftime("%d/%m/%Y %H:%M"))]
    if isinstance(subject, Incident):
        return [("Incident", subject.reference), ("Reported", subject.reported_at.strftime("%d/%m/%Y %H:%M"))]
    return []


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
