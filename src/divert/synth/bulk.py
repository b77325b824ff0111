"""Background incidents drawn as arrays: the fast path for a national year (`divert synth --fast`).

The per-record generator (police.py `PoliceWriter._background`) draws and renders each background incident and
person one at a time: about 5 seconds for a national day, half an hour for a year. Here the same incidents are
drawn with numpy for a whole day at once and rendered with array operations, at the same rates (profiles.MessRates)
and with the same messiness functions (messiness.py) for the rare cases, which stay per record:

- plain houses and landmarks (about 95% of background locations) are rendered from per-street and per-landmark
  tables built once (street name abbreviated or with a stray comma, postcode unit, UPRN, grid reference);
- a flat, a unit, a neighbour of a home, a former home, or a house number inside a reserved site (a home's own
  building) goes through `messy_location`, so every home-related case is exactly the per-record one;
- people: names and dates of birth come from the pool as arrays; each defect (nickname, typo, hyphen, initial,
  missing, swapped, capitals, date slips) is drawn as a mask and applied only to the records it touches.

Deterministic: every draw comes from the slice's own numpy Generator and random.Random, seeded by the slice.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np

from divert.synth.fastrandom import Rng
from divert.synth.geography import HOUSES_PER_STREET, UPRN_STRIDE, Gazetteer
from divert.synth.messiness import (
    BUSINESS_NAMES,
    LocationAsRecorded,
    abbreviate_street,
    comma_in_name,
    day_wrong,
    hyphenate_surname,
    messy_location,
    mistype_postcode,
    nickname,
    swap_day_month,
    typo,
    year_off_by_one,
)
from divert.synth.names import SURNAMES
from divert.synth.narratives import BACKGROUND_KINDS
from divert.synth.profiles import MessRates

if TYPE_CHECKING:
    from divert.synth.police import IncidentOut, PoliceWriter

NUMBERS = np.array([str(i) for i in range(HOUSES_PER_STREET + 1)], dtype=object)
LANDMARK_PREFIXES = np.array(["", "", "Outside ", "Near ", "Rear of "], dtype=object)


def _pick(rng: Rng, options, n: int) -> np.ndarray:
    """n uniform picks from a tuple of strings, as an object array."""
    arr = np.array(list(options), dtype=object)
    return arr[rng.integers(len(arr), size=n)] if n else arr[:0]


class StreetTables:
    """Per-street and per-landmark renderings, built once: what the array path indexes into."""

    def __init__(self, gazetteer: Gazetteer, seed: int):
        rng = random.Random(seed * 7_368_787 + 11)
        streets = gazetteer.streets
        variants = []
        for s in streets:
            abbr = abbreviate_street(rng, s.name)
            # index = abbreviated + 2 * comma, as address_text draws them
            variants.append((s.name, abbr, comma_in_name(rng, s.name), comma_in_name(rng, abbr)))
        self.street_variants = np.array(variants, dtype=object)
        self.town = np.array([s.town for s in streets], dtype=object)
        self.uprn_base = np.array([s.uprn_base for s in streets], dtype=np.int64)
        self.easting = np.array([s.easting for s in streets], dtype=np.int64)
        self.northing = np.array([s.northing for s in streets], dtype=np.int64)
        self.dx = np.array([s.dx for s in streets], dtype=np.int64)
        self.dy = np.array([s.dy for s in streets], dtype=np.int64)
        buckets = (HOUSES_PER_STREET + 23) // 24
        self.postcodes = np.array([[s.units[b % len(s.units)] for b in range(buckets)] for s in streets], dtype=object)
        marks = gazetteer.landmarks
        self.lm_name = np.array([m.name for m in marks], dtype=object)
        self.lm_street = np.array([(m.street.name, abbreviate_street(rng, m.street.name)) for m in marks],
                                  dtype=object)
        self.lm_postcode = np.array([m.postcode for m in marks], dtype=object)
        self.lm_easting = np.array([m.easting for m in marks], dtype=np.int64)
        self.lm_northing = np.array([m.northing for m in marks], dtype=np.int64)
        # (street, number) pairs the array path must not render: reserved sites (homes, ranges) go per record.
        self.special = np.array(sorted({s * (HOUSES_PER_STREET + 1) + n for s, n in
                                        (*gazetteer.sites, *gazetteer.ranges)}), dtype=np.int64)


def _postcodes(nrng: Rng, prng: random.Random, rates: MessRates, clean: np.ndarray) -> np.ndarray:
    """messy_postcode over an array: missing, mistyped (per record), space dropped, or as given."""
    roll = nrng.random(len(clean))
    out = clean.copy()
    out[roll < rates.postcode_missing] = ""
    cut1 = rates.postcode_missing + rates.postcode_mistyped
    typed = np.flatnonzero((roll >= rates.postcode_missing) & (roll < cut1))
    out[typed] = [mistype_postcode(prng, pc) for pc in clean[typed]]
    dropped = np.flatnonzero((roll >= cut1) & (roll < cut1 + rates.postcode_space_dropped))
    out[dropped] = [pc.replace(" ", "") for pc in clean[dropped]]
    return out


def _case(nrng: Rng, rates: MessRates, text: np.ndarray) -> np.ndarray:
    roll, lower = nrng.random(len(text)), nrng.random(len(text))
    changed = roll < rates.location_case_changed
    low = np.flatnonzero(changed & (lower < rates.location_lower_case))
    up = np.flatnonzero(changed & (lower >= rates.location_lower_case))
    text[low] = [t.lower() for t in text[low]]
    text[up] = [t.upper() for t in text[up]]
    return text


def _coords(nrng: Rng, rates: MessRates, e: np.ndarray, n: np.ndarray, jitter: int):
    given = nrng.random(len(e)) < rates.location_coordinates_given
    de, dn = nrng.integers(-jitter, jitter + 1, size=(2, len(e)))
    east = np.where(given, (e + de).astype(str).astype(object), "")
    north = np.where(given, (n + dn).astype(str).astype(object), "")
    return east, north


def house_locations(t: StreetTables, nrng: Rng, prng: random.Random, rates: MessRates,
                    streets: np.ndarray, numbers: np.ndarray) -> list[LocationAsRecorded]:
    """messy_location for plain houses (no flat, unit, house name or range) with a business name at some."""
    n = len(streets)
    if n == 0:
        return []
    uprn = (t.uprn_base[streets] + numbers * UPRN_STRIDE).astype(str).astype(object)
    given = nrng.random(n) < rates.location_uprn_given
    only = nrng.random(n) < rates.location_uprn_only
    variant = (nrng.random(n) < rates.street_abbreviated).astype(int) + 2 * (
        nrng.random(n) < rates.location_comma_in_name).astype(int)
    text = NUMBERS[numbers] + " " + t.street_variants[streets, variant]
    with_town = nrng.random(n) >= rates.town_omitted
    text[with_town] = text[with_town] + ", " + t.town[streets[with_town]]
    text = _case(nrng, rates, text)
    business = nrng.random(n) < rates.location_business_name
    names = _pick(nrng, BUSINESS_NAMES, n)
    text[business] = names[business] + ", " + text[business]
    postcode = _postcodes(nrng, prng, rates, t.postcodes[streets, (numbers - 1) // 24])
    east, north = _coords(nrng, rates, t.easting[streets] + numbers * t.dx[streets],
                          t.northing[streets] + numbers * t.dy[streets], 5)
    out = []
    for i in range(n):
        if only[i]:
            out.append(LocationAsRecorded(uprn[i], "", uprn[i], "", ""))
        else:
            out.append(LocationAsRecorded(text[i], postcode[i], uprn[i] if given[i] else "", east[i], north[i]))
    return out


def landmark_locations(t: StreetTables, nrng: Rng, prng: random.Random, rates: MessRates,
                       idx: np.ndarray) -> list[LocationAsRecorded]:
    """landmark_location over an array of landmark indices."""
    n = len(idx)
    if n == 0:
        return []
    abbr = (nrng.random(n) < rates.street_abbreviated).astype(int)
    text = _pick(nrng, LANDMARK_PREFIXES, n) + t.lm_name[idx] + ", " + t.lm_street[idx, abbr]
    text = _case(nrng, rates, text)
    postcode = _postcodes(nrng, prng, rates, t.lm_postcode[idx])
    east, north = _coords(nrng, rates, t.lm_easting[idx], t.lm_northing[idx], 40)
    return [LocationAsRecorded(a, b, "", c, d) for a, b, c, d in zip(text, postcode, east, north, strict=True)]


_DATES: dict[int, date] = {}


def _date(ordinal: int) -> date:
    d = _DATES.get(ordinal)
    if d is None:
        d = _DATES[ordinal] = date.fromordinal(ordinal)
    return d


def messy_people(nrng: Rng, prng: random.Random, rates: MessRates, first: np.ndarray,
                 last: np.ndarray, dob: np.ndarray, sex: np.ndarray) -> list[tuple[str, str, date | None, str]]:
    """messy_person over arrays of people not in care (no aliases): (first, last, dob, sex) per person."""
    n = len(first)
    if n == 0:
        return []
    f, s = first.astype(object), last.astype(object)
    r = nrng.random((12, n))
    for i in np.flatnonzero(r[0] < rates.nickname):
        f[i] = nickname(prng, f[i])
    for i in np.flatnonzero(r[1] < rates.first_name_typo):
        f[i] = typo(prng, f[i])
    for i in np.flatnonzero(r[2] < rates.last_name_typo):
        s[i] = typo(prng, s[i])
    for i in np.flatnonzero(r[3] < rates.surname_hyphenated):
        s[i] = hyphenate_surname(prng, s[i], SURNAMES[prng.randrange(len(SURNAMES))])
    f[r[4] < rates.forename_initial] = [x[:1] for x in f[r[4] < rates.forename_initial]]
    f[(r[4] >= rates.forename_initial) & (r[4] < rates.forename_initial + rates.forename_missing)] = ""
    has_first = f != ""
    s[has_first & (r[5] < rates.surname_missing)] = ""
    swap = (r[6] < rates.names_swapped) & (f != "") & (s != "")
    f[swap], s[swap] = s[swap], f[swap].copy()
    for i in np.flatnonzero(r[7] < rates.name_upper_case):
        f[i], s[i] = f[i].upper(), s[i].upper()
    cut = np.cumsum([rates.dob_missing, rates.dob_day_month_swapped, rates.dob_year_off_by_one, rates.dob_day_wrong])
    dates: list[date | None] = [_date(int(o)) for o in dob]
    for i in np.flatnonzero(r[8] < cut[3]):
        roll = r[8][i]
        d = dates[i]
        assert d is not None
        if roll < cut[0]:
            dates[i] = None
        elif roll < cut[1]:
            dates[i] = swap_day_month(d)
        elif roll < cut[2]:
            dates[i] = year_off_by_one(prng, d)
        else:
            dates[i] = day_wrong(prng, d)
    sexes = sex.astype(object)
    sexes[r[9] < rates.sex_missing] = ""
    return list(zip(f.tolist(), s.tolist(), dates, sexes.tolist(), strict=True))


def background(w: PoliceWriter, t: StreetTables, nrng: Rng, prng: random.Random, lo: datetime,
               hi: datetime, n: int) -> list[IncidentOut]:
    """The slice's `n` background incidents, drawn and rendered as arrays (see the module docstring)."""
    from divert.synth.police import BACKGROUND_WEIGHTS, PERSON_COUNT_P, IncidentOut

    rates = w.rates
    if n == 0:
        return []
    times = w._times(nrng, lo, hi, n)
    kinds = nrng.choice(len(BACKGROUND_KINDS), size=n, p=BACKGROUND_WEIGHTS / BACKGROUND_WEIGHTS.sum())
    place = nrng.random(n)
    n_people = nrng.choice(4, size=n, p=PERSON_COUNT_P)
    streets = nrng.integers(len(w.gazetteer.streets), size=n)
    numbers = nrng.integers(1, HOUSES_PER_STREET, size=n)
    sub = nrng.random((3, n))  # unit, flat, the flat's number
    crime_roll = nrng.random(n)
    pick = nrng.random((4, n))  # closing, crime type, narrative, reported by
    minutes = nrng.lognormal(5.2, 1.0, size=n).astype(int)
    never_closed = nrng.random(n) < 0.03
    near, former = w.near.near, w.near.former
    is_house = (place >= 0.035) & (place < 0.6)
    plain = is_house & (sub[0] >= rates.location_unit) & (sub[1] >= 0.15) & ~np.isin(
        streets * (HOUSES_PER_STREET + 1) + numbers, t.special)
    landmark = place >= 0.6
    locations: list[LocationAsRecorded | None] = [None] * n
    addresses: list = [None] * n
    for i, loc in zip(np.flatnonzero(plain), house_locations(t, nrng, prng, rates, streets[plain], numbers[plain]),
                      strict=True):
        locations[i] = loc
    lm = nrng.integers(len(w.gazetteer.landmarks), size=int(landmark.sum()))
    for i, loc in zip(np.flatnonzero(landmark), landmark_locations(t, nrng, prng, rates, lm), strict=True):
        locations[i] = loc
    for i in np.flatnonzero(~plain & ~landmark):  # the per-record cases (module docstring)
        if place[i] < 0.03 and near:
            address = near[prng.randrange(len(near))]
            locations[i] = messy_location(prng, rates, address)
        elif place[i] < 0.035 and former:
            address = former[prng.randrange(len(former))].address
            locations[i] = messy_location(prng, rates, address)
        else:
            address = w._background_address(prng, int(streets[i]), int(numbers[i]))
            business = ""
            if address.uprn not in w.near.by_key and not address.flat and prng.random() < rates.location_business_name:
                business = BUSINESS_NAMES[prng.randrange(len(BUSINESS_NAMES))]
            locations[i] = messy_location(prng, rates, address, business)
        addresses[i] = address
    pool = w.pool
    first, last, dob, sex = pool.arrays(pool.draw_indices(nrng, int(n_people.sum())))
    people = messy_people(nrng, prng, rates, first, last, dob, sex)
    out: list[IncidentOut] = []
    p = 0
    now = w.now
    for k in range(n):
        when = times[k]
        opening, closings, p_crime, crime_types, roles, texts, _ = BACKGROUND_KINDS[int(kinds[k])]
        closed = when + timedelta(minutes=int(minutes[k]))
        crime = bool(crime_roll[k] < p_crime)
        address = addresses[k]
        location = locations[k]
        assert location is not None
        inc = IncidentOut(
            when=when, closed=None if closed > now or never_closed[k] else closed, location=location,
            opening=opening, closing=closings[int(pick[0, k] * len(closings))], crime=crime,
            crime_type=crime_types[int(pick[1, k] * len(crime_types))] if crime else "",
            narrative=texts[int(pick[2, k] * len(texts))], reported_by="public" if pick[3, k] < 0.85 else "other",
            home_urn=w._home_urn(address, when) if address is not None else "", address=address,
        )
        for j in range(int(n_people[k])):
            first_name, last_name, d, s = people[p]
            inc.people.append((first_name, last_name, d, s, roles[j % len(roles)], ""))
            p += 1
        out.append(inc)
    return out
