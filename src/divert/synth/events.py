"""Police-side events that involve children in care or the area's homes, computed up front (they scale with the
number of children and homes, not with incident volume): missing episodes, incidents at homes, incidents
elsewhere, arrests. Background incidents (most of a force's work) are streamed later in `police`.

Calibration (docs/synth-calibration.md): a minority of children go missing often (gamma-distributed rates, so
some go missing three or more times in 90 days, a Divert product decision); some go missing together; found
locations cluster
at a few hotspots (Howard League 2019 "Multiple missing and Hotspots"); a minority of homes make most call-outs.
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np

from divert.synth.children import Child, _name_for, _pick
from divert.synth.clock import LONDON, age_on
from divert.synth.fastrandom import Rng
from divert.synth.geography import Address, Gazetteer, Landmark
from divert.synth.homes import Home
from divert.synth.narratives import AWAY_KIND_WEIGHTS, AWAY_KINDS, HOME_KIND_WEIGHTS
from divert.synth.people import Person, PublicPool
from divert.synth.profiles import Profile
from divert.synth.ssda903 import MissingSpell

# Relative frequency of incidents by local hour (our assumption: quiet 03:00-07:00, busy afternoon/evening).
HOUR_WEIGHTS = np.array([5, 4, 3, 2, 2, 2, 3, 4, 5, 6, 6, 6, 6, 6, 7, 8, 8, 8, 8, 8, 8, 7, 7, 6], dtype=float)
MISSING_HOUR_WEIGHTS = np.array([4, 3, 2, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9, 10, 10, 9, 8, 6],
                                dtype=float)
RISK_GRADES = (("no_apparent_risk", 8), ("low", 40), ("medium", 42), ("high", 10))
# The demo shows the model (docs/synth-calibration.md): family-test cases on every list day of the last four weeks,
# and children missing now.
FAMILY_TEST_DAYS = 28
FAMILY_TEST_PER_DAY = 2
MISSING_NOW = 5
# (kind, template index in narratives.HOME_KINDS[kind]) of the low-level incidents a parent would handle at home.
FAMILY_TEST_TEMPLATES = (("damage", 0), ("damage", 3), ("damage", 2), ("staff_push", 0), ("food", 0))


def pick(rng: Rng, mix) -> str:
    return _pick(rng, mix)


def local_moment(rng: Rng, day: date, weights: np.ndarray = HOUR_WEIGHTS) -> datetime:
    hour = int(rng.choice(24, p=weights / weights.sum()))
    return datetime.combine(day, time(hour, int(rng.integers(60))), tzinfo=LONDON)


@dataclass(slots=True)
class Place:
    """Where something happened: an address (a home, a house), a landmark, or just a postcode."""

    address: Address | None = None
    landmark: Landmark | None = None
    postcode: str = ""


@dataclass(slots=True)
class MissingEvent:
    start: datetime
    end: datetime | None
    person: Person                 # child_id set for the LA's children
    kind: str                      # M or A
    home: Home | None              # the area home they went missing from
    from_place: Place
    found: Place
    found_at_placement: bool
    risk: str
    reported: bool                 # a police missing report exists (903 'A' spells are mostly not reported)
    group: int = 0                 # co-missing group id (0 = alone)
    staff: tuple[str, str] | None = None


@dataclass(slots=True)
class ChildIncident:
    """An incident at a home or involving a child in care elsewhere (materialised into rows in `police`)."""

    when: datetime
    kind: str                      # a key of narratives.HOME_KINDS / AWAY_KINDS, or "missing"
    home: Home | None
    place: Place
    people: list[tuple[Person, str]] = field(default_factory=list)
    arrest_of: Person | None = None
    reported_by: str = "home_staff"
    missing: MissingEvent | None = None
    home_name: str = ""
    crime: bool | None = None      # crime recorded: None = drawn at the kind's rate when written
    template: int | None = None    # a narrative template of the kind (None = drawn when written)


@dataclass
class ChildEvents:
    missing: list[MissingEvent]
    incidents: list[ChildIncident]
    spells: list[MissingSpell]
    lookalikes: list[tuple[datetime, Person]]


def person_of(child: Child) -> Person:
    return Person(child.first_name, child.last_name, child.dob, child.sex, child.child_id)


class Residents:
    """Who lives in each area home on a given day: the LA's children (from episodes) and other LAs' children."""

    def __init__(self, homes: list[Home], children: list[Child], others: dict[str, list[Person]]):
        self.stays: dict[str, list[tuple[date, date, Child]]] = {h.urn: [] for h in homes if h.in_area}
        far = date(9999, 1, 1)
        for child in children:
            for ep in child.episodes:
                if ep.home is not None and ep.home.urn in self.stays:
                    self.stays[ep.home.urn].append((ep.decom, ep.dec or far, child))
        self.others = others

    def children_on(self, home: Home, day: date) -> list[Child]:
        return [c for start, end, c in self.stays.get(home.urn, ()) if start <= day < end]

    def people_on(self, home: Home, day: date) -> list[Person]:
        return [person_of(c) for c in self.children_on(home, day)] + list(self.others.get(home.urn, ()))


def hotspots(rng: Rng, gazetteer: Gazetteer) -> dict[str, list[Place]]:
    """A few places per town where missing children are found again and again."""
    out: dict[str, list[Place]] = {}
    for town in gazetteer.towns:
        marks = [lm for lm in gazetteer.landmarks if lm.town == town]
        chosen = [Place(landmark=marks[int(i)]) for i in rng.choice(len(marks), size=min(3, len(marks)),
                                                                  replace=False)]
        chosen += [Place(address=gazetteer.random_address(rng, town=town)) for _ in range(2)]
        out[town] = chosen
    return out


class ChildEventBuilder:
    def __init__(self, rng: Rng, profile: Profile, gazetteer: Gazetteer, homes: list[Home],
                 children: list[Child], pool: PublicPool, *, window_start: datetime, now: datetime,
                 history_start: date | None = None):
        self.rng, self.profile, self.gazetteer = rng, profile, gazetteer
        self.homes = [h for h in homes if h.in_area]
        self.children = children
        self.pool = pool
        self.window_start, self.now = window_start, now
        self.first_day, self.last_day = window_start.date(), now.date()
        # Missing spells start from the earlier of the police window and the previous 903 year, so the 903
        # Missing table is complete even when the police window is short (--days 1).
        self.history_start = min(history_start or self.first_day, self.first_day)
        self.hotspots = hotspots(rng, gazetteer)
        others: dict[str, list[Person]] = {}
        la_only = Residents(self.homes, children, {})
        for home in self.homes:
            # Other LAs' children fill some of the places the LA's own children leave free (never over the
            # registered places on the last day): mean `other_la_residents_per_home`, capped by the free places.
            free = max(0, home.places - len(la_only.children_on(home, self.last_day)))
            k = min(free, int(rng.poisson(profile.other_la_residents_per_home)))
            idx = pool.draw_indices(rng, k)
            others[home.urn] = pool.people(idx, youth=True) if k else []
        self.residents = Residents(self.homes, children, others)
        self.missing: list[MissingEvent] = []
        self.incidents: list[ChildIncident] = []
        self.group_counter = 0
        self._assign_propensities()

    # --- propensities -----------------------------------------------------------------------------------
    def _assign_propensities(self) -> None:
        rng, p = self.rng, self.profile
        for child in self.children:
            residential = any(ep.place in ("K2", "K3") for ep in child.episodes)
            teen = age_on(child.dob, self.last_day) >= 11
            prone_p = p.missing_prone_share * 2.2 * (1.8 if residential else 1.0)
            if teen and rng.random() < min(0.9, prone_p):
                child.missing_propensity = float(rng.gamma(0.8, p.missing_per_prone_child_year / 0.8))
            child.offending_propensity = (3.0 if residential else 1.0) * (1.6 if child.sex == "M" else 1.0)

    # --- places ---------------------------------------------------------------------------------------------
    def _placement_place(self, child: Child, day: date) -> tuple[Place, Home | None]:
        ep = child.episode_on(day)
        if ep is None:
            return Place(address=child.family_address), None
        home = ep.home if ep.home is not None and ep.home.in_area else None
        if ep.address is not None:
            return Place(address=ep.address), home
        return Place(postcode=ep.postcode), home

    def _town_of(self, place: Place) -> str:
        if place.address is not None:
            return place.address.street.town
        if place.landmark is not None:
            return place.landmark.town
        return self.gazetteer.towns[0]

    def _found_place(self, town: str, home_place: Place) -> tuple[Place, bool]:
        roll = self.rng.random()
        spots = self.hotspots.get(town) or self.hotspots[self.gazetteer.towns[0]]
        if roll < 0.55:
            weights = np.array([5, 3, 2, 2, 1][: len(spots)], dtype=float)
            return spots[int(self.rng.choice(len(spots), p=weights / weights.sum()))], False
        if roll < 0.8:
            return home_place, True
        if roll < 0.9:
            marks = [lm for lm in self.gazetteer.landmarks if lm.town == town] or self.gazetteer.landmarks
            return Place(landmark=marks[int(self.rng.integers(len(marks)))]), False
        return Place(address=self.gazetteer.random_address(self.rng, town=town)), False

    # --- missing ----------------------------------------------------------------------------------------
    def _missing_for(self, child: Child) -> None:
        rng = self.rng
        if child.missing_propensity <= 0:
            return
        last_end: datetime | None = None
        for ep in child.episodes:
            lo = max(ep.decom, self.history_start, child.care_start)
            hi = min(ep.dec or self.last_day, self.last_day, child.care_end or self.last_day)
            if hi <= lo:
                continue
            rate = child.missing_propensity / 365 * (2.0 if ep.place in ("K2", "K3") else 1.0)
            n = int(rng.poisson(rate * (hi - lo).days))
            days = sorted(lo + timedelta(days=int(d)) for d in rng.integers(0, max(1, (hi - lo).days), size=n))
            for day in days:
                start = local_moment(rng, day, MISSING_HOUR_WEIGHTS)
                if start >= self.now or start.date() < self.history_start or (last_end and start <= last_end):
                    continue
                event = self._missing_event(child, start)
                last_end = event.end or self.now
                self._maybe_co_missing(event, day)

    def _duration(self) -> timedelta:
        hours = float(np.clip(self.rng.lognormal(np.log(9), 1.0), 0.5, 24 * 14))
        return timedelta(hours=hours)

    def _missing_event(self, child: Child, start: datetime, *, forced_kind: str | None = None) -> MissingEvent:
        rng, p = self.rng, self.profile
        home_place, home = self._placement_place(child, start.date())
        end: datetime | None
        end = start + self._duration()
        if end >= self.now:
            end = None if rng.random() < 0.5 else self.now - timedelta(minutes=int(rng.integers(5, 60)))
            if end is not None and end <= start:
                end = None
        kind = forced_kind or ("A" if rng.random() < p.missing_away_share else "M")
        found, at_placement = self._found_place(self._town_of(home_place), home_place)
        event = MissingEvent(
            start=start, end=end, person=person_of(child), kind=kind, home=home, from_place=home_place,
            found=found, found_at_placement=at_placement, risk=pick(rng, RISK_GRADES),
            reported=(kind == "M" and rng.random() < 0.95) or (kind == "A" and rng.random() < 0.05),
            staff=home.staff[int(rng.integers(len(home.staff)))] if home and home.staff else None,
        )
        self.missing.append(event)
        return event

    def _maybe_co_missing(self, event: MissingEvent, day: date, *, force: bool = False) -> bool:
        rng = self.rng
        if event.home is None or event.group or (not force and rng.random() >= self.profile.co_missing_share):
            return False
        mates = [q for q in self.residents.people_on(event.home, day) if q.child_id != event.person.child_id
                 and (q.dob is None or age_on(q.dob, day) >= 10)]
        if not mates:
            return False
        mate = mates[int(rng.integers(len(mates)))]
        self.group_counter += 1
        event.group = self.group_counter
        self.missing.append(MissingEvent(
            start=event.start + timedelta(minutes=int(rng.integers(0, 15))), end=event.end, person=mate,
            kind=event.kind, home=event.home, from_place=event.from_place, found=event.found,
            found_at_placement=event.found_at_placement, risk=event.risk, reported=event.reported,
            group=self.group_counter, staff=event.staff,
        ))
        return True

    # --- incidents at homes ---------------------------------------------------------------------------------
    def _home_incidents(self) -> None:
        rng, p = self.rng, self.profile
        n_days = (self.last_day - self.first_day).days + 1
        if not self.homes:
            return
        weights = np.array([h.callout_weight for h in self.homes])
        counts = rng.poisson(np.outer(weights * p.home_incidents_per_setting_day, np.ones(n_days)))
        for hi, di in zip(*np.nonzero(counts), strict=True):
            home = self.homes[int(hi)]
            day = self.first_day + timedelta(days=int(di))
            if not home.open_on(day):
                continue
            for _ in range(int(counts[hi, di])):
                self.add_home_incident(home, local_moment(rng, day))

    def add_home_incident(self, home: Home, when: datetime, *, kind: str | None = None,
                          subject: Person | None = None, arrest: bool = False) -> ChildIncident | None:
        rng = self.rng
        if when >= self.now or when < self.window_start or not home.open_on(when.astimezone(LONDON).date()):
            return None  # an incident at a home only while it is open (opened_on to closed_on inclusive)
        # Police call-outs involve the older residents (a baby placed in a home is not a suspect).
        residents = [q for q in self.residents.people_on(home, when.date())
                     if q.dob is None or age_on(q.dob, when.date()) >= 10]
        if subject is None:
            if not residents:
                return None
            subject = residents[int(rng.integers(len(residents)))]
        kind = kind or pick(rng, HOME_KIND_WEIGHTS)
        staff = home.staff[int(rng.integers(len(home.staff)))] if home.staff else ("Staff", "Member")
        staff_person = Person(staff[0], staff[1], None, "")
        role = {"damage": "suspect", "staff_push": "suspect", "food": "suspect", "behaviour": "suspect",
                "exploitation": "victim", "peer_assault": "victim", "welfare": "victim"}[kind]
        people = [(subject, role), (staff_person, "victim" if kind == "staff_push" else "reporting_person")]
        if kind == "peer_assault":
            others = [q for q in residents if q.child_id != subject.child_id or not q.child_id]
            others = [q for q in others if q != subject]
            if others:
                people.append((others[int(rng.integers(len(others)))], "suspect"))
        if kind == "exploitation" and rng.random() < 0.3:
            older = self.pool.people(self.pool.draw_indices(rng, 1), youth=False)[0]
            people.append((Person(older.first_name, older.last_name, older.dob, "M"), "suspect"))
        reported_by = pick(rng, (("home_staff", 85), ("child", 5), ("public", 10)))
        incident = ChildIncident(when=when, kind=kind, home=home, place=Place(address=home.address), people=people,
                                 arrest_of=subject if arrest else None, reported_by=reported_by,
                                 home_name=home.name)
        self.incidents.append(incident)
        return incident

    # --- incidents elsewhere ----------------------------------------------------------------------------
    def _away_incidents(self) -> None:
        rng, p = self.rng, self.profile
        for child in self.children:
            for ep in child.episodes:
                lo = max(ep.decom, self.first_day)
                hi = min(ep.dec or self.last_day, self.last_day, child.care_end or self.last_day)
                if hi <= lo:
                    continue
                if age_on(child.dob, hi) < 10:
                    continue
                rate = p.cic_away_incidents_per_child_year / 365 * child.offending_propensity / 1.6
                n = int(rng.poisson(rate * (hi - lo).days))
                for d in rng.integers(0, max(1, (hi - lo).days), size=n):
                    day = lo + timedelta(days=int(d))
                    if age_on(child.dob, day) >= 10:
                        self.add_away_incident(child, local_moment(rng, day))

    def add_away_incident(self, child: Child, when: datetime, *, kind: str | None = None,
                          arrest: bool = False) -> ChildIncident | None:
        rng = self.rng
        if when >= self.now or when < self.window_start:
            return None
        kind = kind or pick(rng, AWAY_KIND_WEIGHTS)
        home_place, _ = self._placement_place(child, when.date())
        town = self._town_of(home_place)
        roll = rng.random()
        if roll < 0.35:
            spots = self.hotspots.get(town) or self.hotspots[self.gazetteer.towns[0]]
            place = spots[int(rng.integers(len(spots)))]
        elif roll < 0.75:
            marks = [lm for lm in self.gazetteer.landmarks if lm.town == town] or self.gazetteer.landmarks
            place = Place(landmark=marks[int(rng.integers(len(marks)))])
        else:
            place = Place(address=self.gazetteer.random_address(rng, town=town))
        role = AWAY_KINDS[kind][4]
        subject = person_of(child)
        people = [(subject, role)]
        for q in self.pool.people(self.pool.draw_indices(rng, int(rng.integers(0, 3))), youth=True):
            people.append((q, role if role != "victim" else "suspect"))
        if rng.random() < 0.5:
            people.append((self.pool.people(self.pool.draw_indices(rng, 1), youth=False)[0], "reporting_person"))
        incident = ChildIncident(when=when, kind=kind, home=None, place=place, people=people,
                                 arrest_of=subject if arrest else None,
                                 reported_by=pick(rng, (("public", 80), ("other", 15), ("child", 5))))
        self.incidents.append(incident)
        return incident

    # --- arrests ------------------------------------------------------------------------------------------
    def arrests(self, convicted: dict[int, set[int]], years) -> None:
        """Arrests of children in care: every convicted child at least once that year; more who are diverted."""
        rng, p = self.rng, self.profile
        by_index = {c.index: c for c in self.children}
        for year in years:
            chosen = convicted.get(year.ending, set())
            lo = max(datetime.combine(year.start, time(0), tzinfo=LONDON), self.window_start)
            hi = min(datetime.combine(year.as_of, time(23, 59), tzinfo=LONDON), self.now)
            if hi <= lo:
                continue
            span = (hi - lo).total_seconds() / 60
            for index in sorted(chosen):
                for _ in range(1 + int(rng.random() < 0.4)):
                    self._arrest(by_index[index], lo + timedelta(minutes=float(rng.uniform(0, span))))
            diverted = int(rng.poisson(p.diverted_arrests_per_conviction * max(1, len(chosen))))
            candidates = [c for c in self.children if c.index not in chosen and c.care_start <= year.as_of
                          and (c.care_end is None or c.care_end > year.start)
                          and 10 <= age_on(c.dob, year.as_of) <= 17]
            if not candidates:
                continue
            w = np.array([c.offending_propensity for c in candidates])
            for i in rng.choice(len(candidates), size=diverted, p=w / w.sum()):
                self._arrest(candidates[int(i)], lo + timedelta(minutes=float(rng.uniform(0, span))))

    def _arrest(self, child: Child, when: datetime) -> None:
        if not child.in_care_on(when.date()):
            when = datetime.combine(max(child.care_start, min(when.date(), self.last_day)), time(16, 0),
                                    tzinfo=LONDON)
            if not child.in_care_on(when.date()) or when >= self.now:
                return
        ep = child.episode_on(when.date())
        at_home = ep is not None and ep.home is not None and ep.home.in_area and self.rng.random() < 0.45
        if at_home:
            assert ep is not None and ep.home is not None  # at_home holds only then
            if self.add_home_incident(ep.home, when, kind=pick(self.rng, (("damage", 5), ("staff_push", 5))),
                                      subject=person_of(child), arrest=True):
                return
        kind = pick(self.rng, (("shoplifting", 4), ("assault_suspect", 3), ("drugs", 2)))
        self.add_away_incident(child, when, kind=kind, arrest=True)

    # --- guarantees -----------------------------------------------------------------------------------------
    def ensure_recent_activity(self, minimum: int = 3) -> None:
        """Today's daily list (07:00-07:00) and the previous three are never empty; a repeat-missing child exists;
        a child in care was arrested in the last two days."""
        rng = self.rng
        seven = self.now.replace(hour=7, minute=0, second=0, microsecond=0)
        if seven > self.now:
            seven -= timedelta(days=1)
        # The partial window since 07:00 today, today's 07:00 list and the previous three (a Monday's list covers
        # the weekend).
        windows = [(seven, self.now)] + [(seven - timedelta(days=k + 1), seven - timedelta(days=k)) for k in range(4)]
        times = sorted(i.when for i in self.incidents if i.home is not None)
        open_homes = [h for h in self.homes if h.open_on(self.last_day)]
        for lo, hi in windows:
            have = bisect_left(times, hi) - bisect_left(times, lo)
            span = (hi - lo).total_seconds() / 60
            attempts = 0
            while have < minimum and open_homes and span > 1 and attempts < 200:
                attempts += 1
                home = open_homes[int(rng.integers(len(open_homes)))]
                when = (lo + timedelta(minutes=float(rng.uniform(0, span)))).astimezone(LONDON)
                if self.add_home_incident(home, when):
                    have += 1
        self._ensure_family_test_cases()
        self._ensure_repeat_missing()
        self._ensure_co_missing()
        self._ensure_recent_arrest()
        self._ensure_missing_now()

    def _ensure_family_test_cases(self, days: int = FAMILY_TEST_DAYS, per_day: int = FAMILY_TEST_PER_DAY) -> None:
        """On every daily list of the last `days` days, `per_day` low-level incidents a reasonable parent would
        handle at home (a damaged door, a push without injury, food taken from the kitchen), crime recorded, by a
        child of the LA who is placed in that home that day: the cases the family test exists for (National
        protocol on reducing unnecessary criminalisation)."""
        rng = self.rng
        seven = self.now.replace(hour=7, minute=0, second=0, microsecond=0)
        if seven > self.now:
            seven -= timedelta(days=1)
        # Today's list so far (since 07:00, when there is time for an incident in it) and the previous `days`.
        windows = [(seven, self.now)] if (self.now - seven) > timedelta(hours=3) else []
        windows += [(seven - timedelta(days=k + 1), seven - timedelta(days=k)) for k in range(days)]
        for lo, hi in windows:
            if lo < self.window_start:
                break
            day = lo.astimezone(LONDON).date()
            placed = [(h, c) for h in self.homes if h.open_on(day) for c in self.residents.children_on(h, day)
                      if age_on(c.dob, day) >= 10]
            for _ in range(per_day if placed else 0):
                home, child = placed[int(rng.integers(len(placed)))]
                when = (lo + timedelta(minutes=float(rng.uniform(60, (hi - lo).total_seconds() / 60 - 60))))
                kind, template = FAMILY_TEST_TEMPLATES[int(rng.integers(len(FAMILY_TEST_TEMPLATES)))]
                incident = self.add_home_incident(home, when.astimezone(LONDON), kind=kind,
                                                  subject=person_of(child))
                if incident is not None:
                    incident.crime, incident.template, incident.reported_by = True, template, "home_staff"

    def _ensure_missing_now(self, count: int = MISSING_NOW) -> None:
        """Some of the LA's children are missing now: reported in the last two days and not yet found."""
        rng = self.rng
        open_now = {m.person.child_id for m in self.missing if m.end is None and m.reported}
        day = self.last_day
        candidates = [c for c in self.children if c.in_care_on(day) and 12 <= age_on(c.dob, day) <= 17
                      and c.child_id not in open_now and c.episode_on(day) is not None]
        candidates.sort(key=lambda c: (-c.missing_propensity, c.index))
        for child in candidates[: max(0, count - len(open_now))]:
            start = (self.now - timedelta(hours=float(rng.uniform(3, 40)))).astimezone(LONDON)
            if any(m.person.child_id == child.child_id and m.start <= start <= (m.end or self.now)
                   for m in self.missing):
                continue
            event = self._missing_event(child, start, forced_kind="M")
            event.end, event.reported = None, True

    def _ensure_recent_arrest(self) -> None:
        """A child in care was arrested in the last two days, so arrest screening has something to show."""
        cutoff = self.now - timedelta(days=2)
        if any(i.arrest_of is not None and i.when >= cutoff for i in self.incidents):
            return
        day = self.now.date()
        candidates = [c for c in self.children if c.in_care_on(day) and 12 <= age_on(c.dob, day) <= 17]
        if not candidates:
            return
        child = max(candidates, key=lambda c: (c.offending_propensity, c.index))
        when = (self.now - timedelta(hours=float(self.rng.uniform(3, 30)))).astimezone(LONDON)
        self._arrest(child, when)

    def _ensure_repeat_missing(self) -> None:
        rng = self.rng
        cutoff = self.now - timedelta(days=60)
        counts: dict[str, int] = {}
        for m in self.missing:
            if m.start >= cutoff and m.person.child_id:
                counts[m.person.child_id] = counts.get(m.person.child_id, 0) + 1
        if any(v >= 3 for v in counts.values()):
            return
        candidates = [c for c in self.children if c.in_care_on(self.last_day) and age_on(c.dob, self.last_day) >= 12
                      and c.in_care_on(cutoff.date())]
        if not candidates:
            return
        child = candidates[int(rng.integers(len(candidates)))]
        for k in range(4):
            start = cutoff + timedelta(days=5 + 13 * k, hours=float(rng.uniform(15, 22)))
            if start < self.now - timedelta(hours=30):
                self._missing_event(child, start.astimezone(LONDON), forced_kind="M").reported = True

    def _ensure_co_missing(self) -> None:
        """Children who go missing together appear in the police window (found together) when any child went
        missing from a home with someone to go with."""
        if any(m.group and m.reported and m.start >= self.window_start for m in self.missing):
            return
        recent = [m for m in self.missing if m.home is not None and m.reported and m.end is not None
                  and m.start >= self.window_start]
        for m in recent[::-1]:
            if self._maybe_co_missing(m, m.start.date(), force=True):
                return

    # --- lookalikes -----------------------------------------------------------------------------------------
    def lookalikes(self) -> list[tuple[datetime, Person]]:
        """People NOT in care whose name and date of birth are close to a child in care, and their appearances."""
        rng, p = self.rng, self.profile
        out: list[tuple[datetime, Person]] = []
        span = (self.now - self.window_start).total_seconds() / 60
        for child in self.children:
            # Only children old enough to appear in police records (10+ when the window opens) get lookalikes.
            if rng.random() >= p.lookalike_share or age_on(child.dob, self.first_day) < 10:
                continue
            kind = rng.integers(3)
            if kind == 0:    # namesake: same name, born a year or two apart
                dob = child.dob + timedelta(days=int(rng.integers(300, 900)) * (1 if rng.random() < 0.5 else -1))
                person = Person(child.first_name, child.last_name, dob, child.sex)
            elif kind == 1:  # brother or sister not in care: same surname, close in age
                sex = "M" if rng.random() < 0.5 else "F"
                dob = child.dob - timedelta(days=int(rng.integers(400, 1500)))
                person = Person(_name_for(rng, sex), child.last_name, dob, sex)
            else:            # same name, date of birth a few days out
                dob = child.dob + timedelta(days=int(rng.integers(1, 20)) * (1 if rng.random() < 0.5 else -1))
                person = Person(child.first_name, child.last_name, dob, child.sex)
            for _ in range(max(1, int(rng.poisson(1.5 * span / (365 * 1440))))):
                out.append((self.window_start + timedelta(minutes=float(rng.uniform(0, span))), person))
        return out

    def build(self, convicted: dict[int, set[int]], years) -> ChildEvents:
        for child in self.children:
            self._missing_for(child)
        self._home_incidents()
        self._away_incidents()
        self.arrests(convicted, years)
        self.ensure_recent_activity()
        looks = self.lookalikes()
        self.missing.sort(key=lambda m: (m.start, m.person.child_id, m.person.last_name))
        self.incidents.sort(key=lambda i: i.when)
        looks.sort(key=lambda x: x[0])
        spells = spells_from_missing(self.rng, self.missing, self.children)
        return ChildEvents(missing=self.missing, incidents=self.incidents, spells=spells, lookalikes=looks)


def spells_from_missing(rng: Rng, missing: list[MissingEvent], children: list[Child]
                        ) -> list[MissingSpell]:
    """903 Missing rows: dates only, sometimes a day out from the police times (overlapping, not identical)."""
    by_id = {c.child_id: c for c in children}
    out = []
    for m in missing:
        child = by_id.get(m.person.child_id)
        if child is None:
            continue
        start = m.start.date()
        if m.start.hour >= 22 and rng.random() < 0.3:
            start += timedelta(days=1)
        end = m.end.date() if m.end else None
        if end is not None and rng.random() < 0.05:
            end += timedelta(days=1)
        if end is not None and start > end:
            start = end
        out.append(MissingSpell(child_index=child.index, kind=m.kind, start=start, end=end))
    return out
