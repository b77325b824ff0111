"""Police files, streamed one day at a time: incidents, custody and missing reports, plus the truth files.

Each 24-hour slice of the window gets its own random streams (seeded by slice number), draws its background
incidents with numpy, merges in the precomputed child/home events of that slice, sorts by time and writes rows
with csv.writer. Memory is bounded by one slice, whatever the number of days.
"""

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

from divert.synth import bulk
from divert.synth.clock import LONDON, fmt_date, fmt_datetime
from divert.synth.events import ChildEvents, ChildIncident, MissingEvent, Place
from divert.synth.fastrandom import Rng
from divert.synth.force_layout import (
    CRIME_RECORDED,
    CUSTODY_COLUMNS,
    INCIDENT_COLUMNS,
    MISSING_COLUMNS,
    REPORTED_BY_CODES,
    RISK_CODES,
    ROLE_CODES,
    SEX_CODES,
)
from divert.synth.geography import HOUSES_PER_STREET, Address, Gazetteer
from divert.synth.homes import Home
from divert.synth.messiness import (
    BUSINESS_NAMES,
    LocationAsRecorded,
    address_text,
    landmark_location,
    messy_location,
    messy_person,
    messy_postcode,
)
from divert.synth.names import SURNAMES
from divert.synth.narratives import (
    AWAY_KINDS,
    BACKGROUND_KINDS,
    HOME_KINDS,
    fill,
    home_label,
    young_person_label,
)
from divert.synth.people import Person, PublicPool
from divert.synth.profiles import Profile

BACKGROUND_WEIGHTS = np.array([k[6] for k in BACKGROUND_KINDS], dtype=float)
PERSON_COUNT_P = np.array([0.2, 0.4, 0.28, 0.12])
HOUR_WEIGHTS = np.array([5, 4, 3, 2, 2, 2, 3, 4, 5, 6, 6, 6, 6, 6, 7, 8, 8, 8, 8, 8, 8, 7, 7, 6], dtype=float)
WEEKDAY_FACTOR = (0.95, 0.95, 0.97, 1.0, 1.1, 1.12, 0.91)
BACKGROUND_OFFENCES = ("Theft from shop", "Common assault", "Criminal damage", "Possession of controlled drugs",
                       "Drink driving", "Public order offences", "Burglary - residential", "Harassment",
                       "Assault occasioning actual bodily harm", "Possession of an offensive weapon",
                       "Breach of bail", "Wanted on warrant")
CHILD_OFFENCES = {"damage": "Criminal damage", "staff_push": "Common assault", "shoplifting": "Theft from shop",
                  "assault_suspect": "Common assault", "drugs": "Possession of controlled drugs"}


@dataclass(slots=True)
class IncidentOut:
    """One incident ready to write: its location as recorded and its people as recorded."""

    when: datetime
    closed: datetime | None
    location: LocationAsRecorded
    opening: str
    closing: str
    crime: bool
    crime_type: str
    narrative: str
    reported_by: str
    people: list[tuple[str, str, date | None, str, str, str]] = field(default_factory=list)  # +role, child_id
    home_urn: str = ""
    order: int = 0
    address: Address | None = None  # the true address, when the location is one (labels truth: `_home_urn`)


@dataclass(slots=True)
class Counts:
    incidents: int = 0
    incident_rows: int = 0
    incidents_at_homes: int = 0
    incident_people_in_care: int = 0
    custody: int = 0
    custody_children_in_care: int = 0
    missing_reports: int = 0
    missing_reports_children_in_care: int = 0


class NearHomes:
    """Addresses that are close to, but are not, a home: neighbours, other flats in the building, the main house
    of an annex, 14B/14C beside 14A, and the addresses of closed or not-yet-opened homes."""

    def __init__(self, homes: list[Home], gazetteer: Gazetteer, since: date):
        self.by_key: dict[str, Home] = {h.address.uprn: h for h in homes if h.in_area}
        self.near: list[Address] = []
        # Homes that closed, or opened, within the window: their address is a home only part of the time.
        self.former: list[Home] = [h for h in homes if h.in_area and (
            h.closed_on is not None or (h.opened_on is not None and h.opened_on > since))]
        for h in homes:
            if not h.in_area:
                continue
            a = h.address
            street = a.street.index
            last = a.range_to or a.number
            candidates = [gazetteer.address(street, n) for n in (a.number - 2, a.number - 1, last + 1,
                                                                  last + 2) if 0 < n < HOUSES_PER_STREET]
            if a.flat:
                candidates += [gazetteer.address(street, a.number, flat=f, building=a.building)
                               for f in range(1, 9) if f != a.flat]
                candidates.append(gazetteer.address(street, a.number))
            if a.annex:
                candidates.append(gazetteer.address(street, a.number))
            if a.suffix:
                candidates += [gazetteer.address(street, a.number, suffix=s) for s in "BC"]
                candidates.append(gazetteer.address(street, a.number))
            self.near += [c for c in candidates if gazetteer.canonical(c).uprn not in self.by_key
                          and (c.street.index, c.number) not in gazetteer.ranges]

    def home_at(self, address: Address | None, day: date) -> Home | None:
        home = self.by_key.get(address.uprn) if address is not None else None
        return home if home is not None and home.open_on(day) else None


class PoliceWriter:
    def __init__(self, out: Path, *, profile: Profile, seed: int, gazetteer: Gazetteer, homes: list[Home],
                 pool: PublicPool, events: ChildEvents, window_start: datetime, now: datetime,
                 aliases: dict[str, tuple[tuple[str, str], ...]], placements: dict[str, Address],
                 fast: bool = False):
        self.out, self.profile, self.seed = out, profile, seed
        self.gazetteer, self.pool, self.events = gazetteer, pool, events
        self.window_start, self.now = window_start, now
        self.rates = profile.rates
        self.near = NearHomes(homes, gazetteer, window_start.date())
        self.counts = Counts()
        self.incident_seq = self.custody_seq = self.missing_seq = 0
        self._aliases = aliases          # child_id -> known aliases (a child may give one)
        self._placements = placements    # child_id -> current placement address (address given on arrest)
        # fast: background incidents drawn as arrays (bulk.py), for a national year; same rates, other draws.
        self._tables = bulk.StreetTables(gazetteer, seed) if fast else None
        self._dates: dict[date | None, str] = {}

    # --- public ---------------------------------------------------------------------------------------------
    def write(self, advance: Callable[[int], None] = lambda n: None) -> Counts:
        police, truth = self.out / "police", self.out / "truth"
        police.mkdir(parents=True, exist_ok=True)
        truth.mkdir(parents=True, exist_ok=True)
        files = {name: open(path, "w", newline="", encoding="utf-8") for name, path in {  # noqa: SIM115
            "incidents": police / "incidents.csv", "custody": police / "custody.csv",
            "missing": police / "missing.csv", "incident_homes": truth / "incident_homes.csv",
            "incident_people": truth / "incident_people.csv", "custody_people": truth / "custody_people.csv",
            "missing_people": truth / "missing_people.csv", "missing_homes": truth / "missing_homes.csv",
        }.items()}
        try:
            self.w = {name: csv.writer(fh) for name, fh in files.items()}
            self.w["incidents"].writerow(list(INCIDENT_COLUMNS))
            self.w["custody"].writerow(list(CUSTODY_COLUMNS))
            self.w["missing"].writerow(list(MISSING_COLUMNS))
            self.w["incident_homes"].writerow(["reference", "home_urn"])
            self.w["incident_people"].writerow(["source_row", "reference", "child_id"])
            self.w["custody_people"].writerow(["custody_reference", "child_id"])
            self.w["missing_people"].writerow(["reference", "child_id"])
            self.w["missing_homes"].writerow(["reference", "home_urn"])
            cursors = {"incidents": 0, "missing": 0, "lookalikes": 0}
            k = 0
            while True:
                lo = self.window_start + timedelta(days=k)
                if lo >= self.now:
                    break
                hi = min(lo + timedelta(days=1), self.now)
                self._slice(k, lo, hi, cursors)
                advance(1)
                k += 1
        finally:
            for fh in files.values():
                fh.close()
        return self.counts

    # --- one slice --------------------------------------------------------------------------------------
    def _slice(self, k: int, lo: datetime, hi: datetime, cursors: dict[str, int]) -> None:
        nrng = np.random.default_rng([self.seed, 7919, k])
        prng = random.Random(self.seed * 1_000_003 + k)
        incidents: list[IncidentOut] = []
        custody: list[tuple[datetime, list[str], str]] = []
        missing: list[tuple[datetime, list[str], str, str]] = []
        incidents += self._background(nrng, prng, lo, hi)
        ev = self.events
        while cursors["incidents"] < len(ev.incidents) and ev.incidents[cursors["incidents"]].when < hi:
            ci = ev.incidents[cursors["incidents"]]
            cursors["incidents"] += 1
            if ci.when >= lo:
                incidents.append(self._child_incident(prng, ci, custody))
        while cursors["missing"] < len(ev.missing) and ev.missing[cursors["missing"]].start < hi:
            m = ev.missing[cursors["missing"]]
            cursors["missing"] += 1
            if m.start >= lo and m.reported:
                self._missing_report(prng, m, missing, incidents)
        while cursors["lookalikes"] < len(ev.lookalikes) and ev.lookalikes[cursors["lookalikes"]][0] < hi:
            when, person = ev.lookalikes[cursors["lookalikes"]]
            cursors["lookalikes"] += 1
            if when >= lo:
                self._lookalike(nrng, prng, when, person, incidents, custody)
        self._other_missing(nrng, prng, lo, hi, missing, incidents)
        self._background_custody(nrng, prng, lo, hi, custody)
        incidents.sort(key=lambda x: x.when)  # stable: equal times keep the order they were drawn in
        self._write_incidents(incidents)
        custody.sort(key=lambda x: x[0])
        for _, row, child_id in custody:
            self.custody_seq += 1
            ref = f"CU{self.custody_seq:08d}"
            self.w["custody"].writerow([ref, *row])
            self.counts.custody += 1
            if child_id:
                self.w["custody_people"].writerow([ref, child_id])
                self.counts.custody_children_in_care += 1
        missing.sort(key=lambda x: x[0])
        for _, row, child_id, home_urn in missing:
            self.missing_seq += 1
            ref = f"MFH{self.missing_seq:07d}"
            self.w["missing"].writerow([ref, *row])
            self.w["missing_homes"].writerow([ref, home_urn])
            self.counts.missing_reports += 1
            if child_id:
                self.w["missing_people"].writerow([ref, child_id])
                self.counts.missing_reports_children_in_care += 1

    def _write_incidents(self, incidents: list[IncidentOut]) -> None:
        w, c = self.w["incidents"], self.counts
        for inc in incidents:
            self.incident_seq += 1
            ref = f"INC{inc.when:%y%m%d}{self.incident_seq:08d}"
            base = [ref, fmt_datetime(inc.when), fmt_datetime(inc.closed), inc.location.text, inc.location.postcode,
                    inc.location.uprn, inc.location.easting, inc.location.northing, inc.opening, inc.closing,
                    CRIME_RECORDED[inc.crime], inc.crime_type, inc.narrative, REPORTED_BY_CODES[inc.reported_by]]
            people = inc.people or [("", "", None, "", "", "")]
            if not inc.home_urn:
                inc.home_urn = self._home_urn(inc.address, inc.when)
            for first, last, dob, sex, role, child_id in people:
                c.incident_rows += 1
                dob_text = self._dates.get(dob)
                if dob_text is None:
                    dob_text = self._dates[dob] = fmt_date(dob)
                w.writerow([*base, first, last, dob_text, SEX_CODES.get(sex, ""), ROLE_CODES.get(role, "")])
                if child_id:
                    self.w["incident_people"].writerow([c.incident_rows, ref, child_id])
                    c.incident_people_in_care += 1
            self.w["incident_homes"].writerow([ref, inc.home_urn])
            c.incidents += 1
            c.incidents_at_homes += bool(inc.home_urn)

    # --- helpers --------------------------------------------------------------------------------------------
    def _home_urn(self, address: Address | None, when: datetime) -> str:
        """Truth for a location that is not a home's own event: the home at that address if it is open that day
        (opened_on to closed_on inclusive), else blank. So an incident or missing report at an open home's
        address is never labelled "not at a home", whatever drew the address."""
        if address is None:
            return ""
        home = self.near.home_at(address, when.astimezone(LONDON).date())
        return home.urn if home is not None else ""

    def _recorded(self, prng: random.Random, person: Person, role: str) -> tuple:
        rec = messy_person(prng, self.rates, first_name=person.first_name, last_name=person.last_name,
                           date_of_birth=person.dob, sex=person.sex,
                           aliases=self._aliases.get(person.child_id, ()) if person.child_id else (),
                           other_surname=SURNAMES[prng.randrange(len(SURNAMES))])
        return (rec.first_name, rec.last_name, rec.date_of_birth, rec.sex, role, person.child_id)

    def _place_location(self, prng: random.Random, place: Place) -> LocationAsRecorded:
        if place.address is not None:
            return messy_location(prng, self.rates, place.address)
        if place.landmark is not None:
            return landmark_location(prng, self.rates, place.landmark)
        return LocationAsRecorded("Out of area placement", place.postcode, "", "", "")

    def _closed(self, prng: random.Random, when: datetime) -> datetime | None:
        closed = when + timedelta(minutes=int(prng.lognormvariate(5.2, 1.0)))
        return None if closed > self.now or prng.random() < 0.03 else closed

    # --- background -------------------------------------------------------------------------------------
    def _times(self, nrng: Rng, lo: datetime, hi: datetime, n: int) -> list[datetime]:
        span = (hi - lo).total_seconds() / 60
        if n == 0 or span <= 0:
            return []
        start_hour = lo.astimezone(LONDON).hour + lo.astimezone(LONDON).minute / 60
        out = np.empty(0)
        while len(out) < n:
            cand = nrng.uniform(0, span, size=3 * n)
            hours = ((start_hour + cand / 60) % 24).astype(int)
            keep = nrng.random(3 * n) < HOUR_WEIGHTS[hours] / HOUR_WEIGHTS.max()
            out = np.concatenate([out, cand[keep]])
        return [lo + timedelta(minutes=float(m)) for m in np.sort(out[:n])]

    def _background(self, nrng: Rng, prng: random.Random, lo: datetime, hi: datetime
                    ) -> list[IncidentOut]:
        frac = (hi - lo).total_seconds() / 86400
        n = int(nrng.poisson(self.profile.incidents_per_day * frac * WEEKDAY_FACTOR[lo.astimezone(LONDON).weekday()]))
        if self._tables is not None:
            return bulk.background(self, self._tables, nrng, prng, lo, hi, n)
        times = self._times(nrng, lo, hi, n)
        kinds = nrng.choice(len(BACKGROUND_KINDS), size=n, p=BACKGROUND_WEIGHTS / BACKGROUND_WEIGHTS.sum())
        place_roll = nrng.random(n)
        n_people = nrng.choice(4, size=n, p=PERSON_COUNT_P)
        people = self.pool.people(self.pool.draw_indices(nrng, int(n_people.sum())))
        streets = nrng.integers(len(self.gazetteer.streets), size=n)
        numbers = nrng.integers(1, HOUSES_PER_STREET, size=n)
        crime_roll = nrng.random(n)
        out, p = [], 0
        near, landmarks = self.near.near, self.gazetteer.landmarks
        for i in range(n):
            when = times[i]
            opening, closings, p_crime, crime_types, roles, texts, _ = BACKGROUND_KINDS[int(kinds[i])]
            address = None
            if place_roll[i] < 0.03 and near:
                address = near[prng.randrange(len(near))]
                location = messy_location(prng, self.rates, address)
            elif place_roll[i] < 0.035 and self.near.former:
                address = self.near.former[prng.randrange(len(self.near.former))].address
                location = messy_location(prng, self.rates, address)
            elif place_roll[i] < 0.6:
                address = self._background_address(prng, int(streets[i]), int(numbers[i]))
                business = ""
                if address.uprn not in self.near.by_key and not address.flat \
                        and prng.random() < self.rates.location_business_name:
                    business = BUSINESS_NAMES[prng.randrange(len(BUSINESS_NAMES))]
                location = messy_location(prng, self.rates, address, business)
            else:
                location = landmark_location(prng, self.rates, landmarks[prng.randrange(len(landmarks))])
            crime = bool(crime_roll[i] < p_crime)
            inc = IncidentOut(
                when=when, closed=self._closed(prng, when), location=location, opening=opening,
                closing=prng.choice(closings), crime=crime, crime_type=prng.choice(crime_types) if crime else "",
                narrative=prng.choice(texts), reported_by="public" if prng.random() < 0.85 else "other",
                home_urn=self._home_urn(address, when), address=address,
            )
            for j in range(int(n_people[i])):
                inc.people.append(self._recorded(prng, people[p], roles[j % len(roles)]))
                p += 1
            out.append(inc)
        return out

    def _background_address(self, prng: random.Random, street: int, number: int) -> Address:
        """A house, a flat, or a unit on a business park (FHRS: ~5% of addresses are units); a number inside a
        home's range is the home's building (`Gazetteer.canonical`)."""
        g = self.gazetteer
        if prng.random() < self.rates.location_unit:
            unit = g.address(street, number, flat=prng.randrange(1, 12), unit=True,
                             building=f"{g.streets[street].name.rsplit(' ', 1)[0]} "
                                      f"{prng.choice(('Business Park', 'Trading Estate', 'Industrial Estate'))}")
            if (street, number) not in g.ranges and (street, number) not in g.sites:
                return unit
        flat = prng.randrange(1, 7) if prng.random() < 0.15 else 0
        return g.canonical(g.address(street, number, flat=flat))

    def _background_custody(self, nrng: Rng, prng: random.Random, lo: datetime, hi: datetime,
                            custody: list) -> None:
        frac = (hi - lo).total_seconds() / 86400
        n = int(nrng.poisson(self.profile.custody_per_day * frac))
        people = self.pool.people(self.pool.draw_indices(nrng, n))
        for when, person in zip(self._times(nrng, lo, hi, n), people, strict=True):
            address = self.gazetteer.random_address(nrng)
            custody.append((when, self._custody_row(prng, when, person, address,
                                                    BACKGROUND_OFFENCES[prng.randrange(len(BACKGROUND_OFFENCES))]),
                            ""))

    def _custody_row(self, prng: random.Random, when: datetime, person: Person, address: Address | None,
                     offence: str) -> list[str]:
        first, last, dob, sex, _, _ = self._recorded(prng, person, "suspect")
        roll = prng.random()
        if address is None or roll < 0.08:
            given, postcode = prng.choice(("NFA", "No fixed abode", "Refused", "")), ""
        else:
            given, postcode = address_text(prng, self.rates, address), messy_postcode(prng, self.rates,
                                                                                     address.postcode)
        return [fmt_datetime(when), first, last, fmt_date(dob), SEX_CODES.get(sex, ""), given, postcode, offence]

    # --- children in care and homes -------------------------------------------------------------------------
    def _child_incident(self, prng: random.Random, ci: ChildIncident, custody: list) -> IncidentOut:
        subject = ci.people[0][0]
        yp = young_person_label(prng, subject.first_name)
        if ci.kind in HOME_KINDS:
            opening, closings, p_crime, crime_type, texts = HOME_KINDS[ci.kind]
        else:
            opening, closings, p_crime, crime_type, _, texts = AWAY_KINDS[ci.kind]
        crime = ci.arrest_of is not None or prng.random() < p_crime
        if ci.crime is not None:
            crime = ci.crime or ci.arrest_of is not None
        text = texts[ci.template] if ci.template is not None else prng.choice(texts)
        narrative = fill(prng, text, yp=yp, home=home_label(prng, ci.home_name or "the placement"))
        if ci.arrest_of is not None:
            narrative += " YP arrested and taken to custody."
        inc = IncidentOut(
            when=ci.when, closed=self._closed(prng, ci.when), location=self._place_location(prng, ci.place),
            opening=opening, closing=prng.choice(closings), crime=crime, crime_type=crime_type if crime else "",
            narrative=narrative, reported_by=ci.reported_by, home_urn=ci.home.urn if ci.home else "",
            people=[self._recorded(prng, person, role) for person, role in ci.people], address=ci.place.address,
        )
        if ci.arrest_of is not None:
            arrested = ci.when + timedelta(minutes=prng.randrange(15, 150))
            if arrested < self.now:
                address = ci.place.address if ci.home is not None else None
                if address is None:
                    address = self._child_address(ci)
                row = self._custody_row(prng, arrested, ci.arrest_of, address,
                                        CHILD_OFFENCES.get(ci.kind, crime_type or "Common assault"))
                custody.append((arrested, row, ci.arrest_of.child_id))
        return inc

    def _child_address(self, ci: ChildIncident) -> Address | None:
        return self._placements.get(ci.arrest_of.child_id) if ci.arrest_of else None

    def _missing_report(self, prng: random.Random, m: MissingEvent, missing: list, incidents: list) -> None:
        reported = min(m.start + timedelta(minutes=prng.randrange(20, 240)), self.now - timedelta(minutes=1))
        reported = max(reported, m.start)
        first, last, dob, sex, _, child_id = self._recorded(prng, m.person, "missing_person")
        from_loc = self._place_location(prng, m.from_place)
        found_text, found_pc, fe, fn = "", "", "", ""
        if m.end is not None:
            if m.found_at_placement:
                found_text = prng.choice(("Returned to placement", "Returned of own accord", from_loc.text))
                found_pc = from_loc.postcode
                fe, fn = from_loc.easting, from_loc.northing
            else:
                loc = self._place_location(prng, m.found)
                found_text, found_pc, fe, fn = loc.text, loc.postcode, loc.easting, loc.northing
        found_at = m.end if m.end is not None and m.end > reported else (
            reported + timedelta(minutes=30) if m.end is not None else None)
        if found_at is not None and found_at > self.now:
            found_at = None
        row = [fmt_datetime(reported), fmt_datetime(found_at), RISK_CODES[m.risk], first, last, fmt_date(dob),
               SEX_CODES.get(sex, ""), from_loc.text, from_loc.postcode, found_text, found_pc, fe, fn]
        home_urn = m.home.urn if m.home else self._home_urn(m.from_place.address, reported)
        missing.append((reported, row, child_id, home_urn))
        people = [(first, last, dob, sex, "missing_person", child_id)]
        if m.staff:
            people.append(self._recorded(prng, Person(m.staff[0], m.staff[1], None, ""), "reporting_person"))
        incidents.append(IncidentOut(
            when=reported, closed=found_at, location=from_loc, opening="Missing Person",
            closing="Missing Person - Found" if found_at else "Missing Person", crime=False, crime_type="",
            narrative=prng.choice((
                "YP has not returned to the placement by the agreed time. Phone switched off. Staff have checked "
                "known locations.", "Young person left the placement after an argument and has not returned.",
                "YP went out with friends and has not come back; believed to be with an older male.")),
            reported_by="home_staff" if m.home else "other", people=people, home_urn=home_urn,
            address=m.from_place.address,
        ))

    def _other_missing(self, nrng: Rng, prng: random.Random, lo: datetime, hi: datetime,
                       missing: list, incidents: list) -> None:
        frac = (hi - lo).total_seconds() / 86400
        n = int(nrng.poisson(self.profile.other_missing_reports_per_day * frac))
        people = self.pool.people(self.pool.draw_indices(nrng, n))
        for when, person in zip(self._times(nrng, lo, hi, n), people, strict=True):
            address = self.gazetteer.random_address(nrng)
            end = when + timedelta(hours=float(nrng.lognormal(np.log(10), 1.0)))
            found = Place(address=address) if prng.random() < 0.4 else Place(
                landmark=self.gazetteer.landmarks[prng.randrange(len(self.gazetteer.landmarks))])
            event = MissingEvent(start=when, end=end if end < self.now else None, person=person, kind="M",
                                 home=None, from_place=Place(address=address), found=found,
                                 found_at_placement=found.address is address,
                                 risk=prng.choice(("no_apparent_risk", "low", "medium", "medium", "high")),
                                 reported=True)
            self._missing_report(prng, event, missing, incidents)

    def _lookalike(self, nrng: Rng, prng: random.Random, when: datetime, person: Person,
                   incidents: list, custody: list) -> None:
        address = self.gazetteer.random_address(nrng)
        if prng.random() < 0.2:
            custody.append((when, self._custody_row(prng, when, person, address, "Theft from shop"), ""))
            return
        landmark = self.gazetteer.landmarks[prng.randrange(len(self.gazetteer.landmarks))]
        incidents.append(IncidentOut(
            when=when, closed=self._closed(prng, when), location=landmark_location(prng, self.rates, landmark),
            opening="Anti-Social Behaviour", closing="Anti-Social Behaviour", crime=False, crime_type="",
            narrative="Group of youths causing nuisance; names taken.", reported_by="public",
            people=[self._recorded(prng, person, prng.choice(("suspect", "witness", "victim")))],
        ))
