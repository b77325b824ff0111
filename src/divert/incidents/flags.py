"""The daily list's flags for one incident: the named rules of `rules.py` applied to its plain values."""

from dataclasses import dataclass

from divert.police.models import Involvement, LinkStatus

from . import rules


@dataclass(frozen=True)
class EntryFlags:
    flags: list[rules.Flag]
    family_reason: str
    indicators: list[str]

    @property
    def priority(self) -> int:
        return rules.priority(self.flags)


def entry_flags(inc: dict, people: list[dict], *, context: dict, pattern) -> EntryFlags:
    """The flags of an incident (its values and its people's rows), in the order the list shows them."""
    offence = " ".join(x for x in (inc["crime_type"], inc["closing_category"], inc["opening_category"]) if x)
    suspects = {p["child_id"] for p in people if p["child_id"] and p["link_status"] == LinkStatus.LINKED
                and p["role"] == Involvement.Role.SUSPECT}
    flags = []
    family = rules.crime_a_family_would_handle(crime_recorded=inc["crime_recorded"], at_home=bool(inc["home_id"]),
                                               child_suspect=bool(suspects), offence=offence,
                                               narrative=inc["narrative"])
    if family:
        flags.append(rules.FAMILY_TEST)
    indicators = rules.exploitation_indicators(inc["narrative"], pattern)
    if indicators:
        flags.append(rules.EXPLOITATION)
    if suspects and rules.first_time_entrant_risk(
            suspect_child_ids=suspects,
            children_with_record={c for c in suspects if context.get(c, {}).get("has_record")}):
        flags.append(rules.FIRST_TIME_ENTRANT)
    if rules.missing_episode(roles=[p["role"] for p in people],
                             categories=[inc["opening_category"], inc["closing_category"]]):
        flags.append(rules.MISSING)
    if rules.staff_reported(inc["reported_by"]):
        flags.append(rules.STAFF_REPORTED)
    return EntryFlags(flags=flags, family_reason=family, indicators=indicators)
