"""Children looked after: identities, families (siblings, twins), aliases and SSDA903 care histories.

Codes follow the 903 (DfE SSDA903 guidance): PLACE U1-U6 foster, K2 children's home, K3 supported accommodation (2024-25
on), P1 placed with parents, P2 independent living, A4 placed for adoption, S1 residential school, Z1 other;
PLACE_PROVIDER PR0-PR5; LS C1, C2, E1, L1, L2, V2; RNE S/P/L/T; REC X1 for an episode that ends but care
continues, E-codes when care ends; REASON_PLACE_CHANGE on the episode that ends with a move. Calibration figures
(age mix, placement mix, durations) are in docs/synth-calibration.md.
"""

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypedDict, TypeVar

import numpy as np

from divert.synth.clock import age_on
from divert.synth.fastrandom import Rng
from divert.synth.geography import Address, Gazetteer, partial_postcode
from divert.synth.homes import SUPPORTED_ACCOMMODATION, Home
from divert.synth.names import FEMALE_FORENAMES, MALE_FORENAMES, NICKNAMES, SURNAMES
from divert.synth.profiles import Profile

DAYS_PER_YEAR = 365.25
NOT_REGISTERED_URN = "XXXXXXX"  # 903 URN for placements that need no Ofsted registration

# DfE "Children looked after in England" age mix (approximate; docs/synth-calibration.md).
STOCK_AGE_BANDS = ((0, 1, 0.05), (1, 5, 0.14), (5, 10, 0.18), (10, 16, 0.38), (16, 18, 0.25))
ENTRY_AGE_BANDS = ((0, 1, 0.18), (1, 5, 0.16), (5, 10, 0.17), (10, 16, 0.35), (16, 18, 0.14))
_BAND_MIXES = {bands: tuple(((lo, hi), w) for lo, hi, w in bands) for bands in (STOCK_AGE_BANDS, ENTRY_AGE_BANDS)}
ETHNIC_MIX = (
    ("WBRI", 64), ("WIRI", 1), ("WOTH", 5), ("WIRT", 1), ("WROM", 1), ("MWBC", 5), ("MWBA", 2), ("MWAS", 1),
    ("MOTH", 3), ("AIND", 1), ("APKN", 2), ("ABAN", 1), ("AOTH", 2), ("BCRB", 2), ("BAFR", 3), ("BOTH", 2),
    ("CHNE", 1), ("OOTH", 3), ("REFU", 1), ("NOBT", 1),
)
CIN_MIX = (("N1", 65), ("N2", 3), ("N3", 3), ("N4", 8), ("N5", 13), ("N6", 2), ("N7", 1), ("N8", 5))
START_LS_MIX = (("V2", 42), ("C1", 42), ("L1", 6), ("L2", 10))
FOSTER_MIX = (("U1", 8), ("U2", 1), ("U3", 10), ("U4", 40), ("U5", 1), ("U6", 40))
# Placement kind by age band at the start of the placement: (kind, weight).
PLACEMENT_MIX = {
    "under10": (("foster", 88), ("P1", 6), ("K2", 3), ("Z1", 2), ("S1", 1)),
    "10to15": (("foster", 58), ("K2", 30), ("P1", 6), ("S1", 3), ("Z1", 3)),
    "16to17": (("foster", 38), ("K2", 18), ("K3", 36), ("P2", 4), ("P1", 4)),
}
MEAN_PLACEMENT_YEARS = {"foster": 1.6, "K2": 0.9, "K3": 0.8, "P1": 1.0, "P2": 0.8, "S1": 1.2, "Z1": 0.5}
MEAN_CARE_YEARS = 3.6  # remaining time in care (memoryless); ageing out at 18 adds the rest
PLACE_CHANGE_REASONS = (("CARPL", 20), ("CHILD", 15), ("LAREQ", 25), ("PLACE", 15), ("STAND", 10),
                        ("CLOSE", 3), ("ALLEG", 2), ("APPRR", 5), ("OTHER", 5))
STREET_ALIASES = ("Jay", "Tink", "Ziggy", "Smokey", "Lil J", "Bugsy", "Kiki", "Tiny", "Roxy", "Dex", "Blue", "Pix")
OUT_OF_AREA_DISTRICTS = ("DE1", "DE7", "LE2", "LE4", "S2", "S9", "B6", "CV3", "LN5", "DN4", "WS2", "ST4")


_CUMULATIVE: dict[int, tuple[object, list[Any], list[float]]] = {}
T = TypeVar("T")


class PlacementSpec(TypedDict):
    """Where one placement is: the 903 PLACE, PLACE_PROVIDER and URN, the home (if any), address and postcode."""

    place: str
    provider: str
    urn: str
    home: Home | None
    address: Address | None
    postcode: str


def _pick(rng: Rng, mix: Sequence[tuple[T, float]]) -> T:
    """A code from a ((code, weight), ...) mix; cumulative weights cached per mix (fast in tight loops)."""
    entry = _CUMULATIVE.get(id(mix))
    if entry is None or entry[0] is not mix:
        total, cum = 0.0, []
        for _, weight in mix:
            total += weight
            cum.append(total)
        entry = (mix, [c for c, _ in mix], cum)
        _CUMULATIVE[id(mix)] = entry
    _, codes, cum = entry
    return codes[min(bisect_right(cum, rng.random() * cum[-1]), len(codes) - 1)]


@dataclass(slots=True)
class Episode:
    decom: date
    dec: date | None
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str
    home: Home | None
    address: Address | None   # the placement address when in the area (foster carer, parents, home)
    postcode: str             # full placement postcode (for the children's register)


@dataclass(slots=True)
class Child:
    index: int
    child_id: str
    first_name: str
    last_name: str
    sex: str                  # M / F
    dob: date
    ethnic: str
    upn: str
    family_address: Address
    care_start: date
    care_end: date | None     # may lie after "now": not yet known to anyone
    aliases: list[tuple[str, str]] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    social_worker: tuple[str, str] = ("", "")
    mother: bool = False
    twin_of: int | None = None
    sibling_of: int | None = None
    missing_propensity: float = 0.0
    offending_propensity: float = 1.0

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def episode_on(self, day: date) -> Episode | None:
        for ep in self.episodes:
            if ep.decom <= day and (ep.dec is None or day < ep.dec):
                return ep
        return None

    def in_care_on(self, day: date) -> bool:
        return self.care_start <= day and (self.care_end is None or day < self.care_end)


def upn_check_letter(digits12: str) -> str:
    """DfE UPN check letter: sum of characters 2-13 weighted 2..13, modulo 23, as a letter."""
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    total = sum(int(ch) * weight for ch, weight in zip(digits12, range(2, 14), strict=True))
    return letters[total % 23]


def make_upn(rng: Rng, dob: date) -> str:
    digits = f"899{int(rng.integers(1000, 9999))}{(dob.year + 5) % 100:02d}{int(rng.integers(0, 999)):03d}"
    return upn_check_letter(digits) + digits


def _dob_for_age(rng: Rng, on: date, bands) -> date:
    lo, hi = _pick(rng, _BAND_MIXES[bands])
    age_days = rng.uniform(lo * DAYS_PER_YEAR, hi * DAYS_PER_YEAR - 1)
    return on - timedelta(days=int(age_days))


def _eighteenth(dob: date) -> date:
    try:
        return dob.replace(year=dob.year + 18)
    except ValueError:
        return date(dob.year + 18, 3, 1)


class CareHistoryBuilder:
    """Builds SSDA903 episodes for one period of care, choosing placements from the area's homes."""

    def __init__(self, rng: Rng, profile: Profile, gazetteer: Gazetteer, homes: list[Home],
                 out_of_area: list[Home], until: date):
        self.rng, self.profile, self.gazetteer = rng, profile, gazetteer
        self.until = until
        self.childrens_homes = [h for h in homes if h.setting_type != SUPPORTED_ACCOMMODATION]
        self.supported = [h for h in homes if h.setting_type == SUPPORTED_ACCOMMODATION]
        self.ooa_childrens_homes = [h for h in out_of_area if h.setting_type != SUPPORTED_ACCOMMODATION]
        self.ooa_supported = [h for h in out_of_area if h.setting_type == SUPPORTED_ACCOMMODATION]
        self.stays: dict[str, list[tuple[date, date | None]]] = {}
        self.weights = {}
        for kind, group in (("K2", self.childrens_homes), ("K3", self.supported)):
            w = np.array([h.places for h in group], dtype=float)
            self.weights[kind] = (group, list(np.cumsum(w / w.sum())) if len(group) else [])

    def _home(self, kind: str, day: date) -> Home | None:
        """An open home of the kind, weighted by registered places (rejection sampling: fast at 4,500 homes)."""
        rng = self.rng
        in_area, p = self.weights[kind]
        ooa = self.ooa_childrens_homes if kind == "K2" else self.ooa_supported
        if ooa and (not in_area or rng.random() < self.profile.out_of_area_residential_share):
            return ooa[int(rng.integers(len(ooa)))]
        for _ in range(30):
            if not in_area:
                break
            home = in_area[min(bisect_right(p, rng.random()), len(in_area) - 1)]
            if home.takes_children_on(day) and self.occupied(home, day) < home.places:
                return home
        return ooa[int(rng.integers(len(ooa)))] if ooa else None

    def occupied(self, home: Home, day: date) -> int:
        """The LA's children placed in `home` on `day`, from the episodes built so far (a home is never over its
        registered places)."""
        return sum(1 for start, end in self.stays.get(home.urn, ()) if start <= day and (end is None or day < end))

    def _record_stays(self, episodes: list[Episode]) -> None:
        for ep in episodes:
            if ep.home is not None and ep.home.in_area:
                self.stays.setdefault(ep.home.urn, []).append((ep.decom, ep.dec))

    def _out_of_area_postcode(self) -> str:
        rng = self.rng
        district = OUT_OF_AREA_DISTRICTS[int(rng.integers(len(OUT_OF_AREA_DISTRICTS)))]
        sector, first, second = int(rng.integers(1, 10)), int(rng.integers(10)), int(rng.integers(10))
        return f"{district} {sector}{'ABDEFGHJLN'[first]}{'PQRSTUWXYZ'[second]}"

    def placement(self, kind: str, day: date, town: str) -> PlacementSpec:
        """PLACE, PLACE_PROVIDER, URN, address and postcode for a new placement of `kind`."""
        rng = self.rng
        home = self._home(kind, day) if kind in ("K2", "K3") else None
        if kind in ("K2", "K3") and home is None:
            kind = "foster"  # no such setting open that day
        if home is not None:
            provider = {"la": "PR1", "private": "PR4", "voluntary": "PR5"}[home.provider_type]
            if not home.in_area:
                postcode = self._out_of_area_postcode()
                return PlacementSpec(place=kind, provider=provider, urn=home.urn, home=home, address=None,
                                     postcode=postcode)
            return PlacementSpec(place=kind, provider=provider, urn=home.urn, home=home, address=home.address,
                        postcode=home.address.postcode)
        if kind == "foster":
            place = _pick(rng, FOSTER_MIX)
            provider = "PR1" if rng.random() < 0.55 else ("PR4" if rng.random() < 0.9 else "PR5")
        else:
            place = kind
            provider = {"P1": "PR0", "P2": "PR1", "S1": "PR4", "Z1": "PR1", "A4": "PR1"}[kind]
        urn = NOT_REGISTERED_URN
        if kind == "S1":
            urn = f"SC{int(rng.integers(100_000, 999_999))}"
        if rng.random() < 0.15:  # placed outside the area
            return PlacementSpec(place=place, provider=provider, urn=urn, home=None, address=None,
                                 postcode=self._out_of_area_postcode())
        address = self.gazetteer.random_address(rng, town=town)
        return PlacementSpec(place=place, provider=provider, urn=urn, home=None, address=address,
                             postcode=address.postcode)

    def _kind_for_age(self, age: int) -> str:
        band = "under10" if age < 10 else ("10to15" if age < 16 else "16to17")
        kind = _pick(self.rng, PLACEMENT_MIX[band])
        if kind == "K3" and not self.supported and not self.ooa_supported:
            return "K2"
        return kind

    def build(self, child: Child, *, together_with: Child | None = None, first_kind: str | None = None,
              history_from: date | None = None) -> list[Episode]:
        """Episodes from care start (or from the placement current at `history_from`, for children long in
        care) to care end or open-ended care: contiguous and 903-consistent."""
        rng = self.rng
        town = child.family_address.street.town
        day = child.care_start
        ls = _pick(rng, START_LS_MIX)
        rne = "S"
        if history_from is not None and child.care_start < history_from:
            current_from = history_from - timedelta(days=int(rng.exponential(1.2 * DAYS_PER_YEAR)))
            if current_from > child.care_start:
                day, rne = current_from, "P"
                ls = _pick(rng, (("C2", 78), ("V2", 17), ("E1", 5)))
        cin = _pick(rng, CIN_MIX)
        home_post = partial_postcode(child.family_address.postcode)
        end = child.care_end
        adopted = end is not None and age_on(child.dob, end) < 5 and rng.random() < 0.5
        if together_with is not None and together_with.episodes:
            first = together_with.episodes[0]
            spec = PlacementSpec(place=first.place, provider=first.place_provider, urn=first.urn, home=first.home,
                        address=first.address, postcode=first.postcode)
        else:
            spec = self.placement(first_kind or self._kind_for_age(age_on(child.dob, day)), day, town)
        ls_change = day + timedelta(days=int(rng.integers(100, 240))) if ls in ("C1", "L1", "L2") else None
        episodes: list[Episode] = []
        horizon = end if end is not None and end <= self.until else self.until  # nothing after today is known
        adoption_day = end - timedelta(days=int(rng.integers(120, 300))) if adopted and end is not None else None
        if adoption_day is not None and adoption_day <= day:
            adoption_day = None
        while True:
            if spec["home"] is not None and not spec["home"].takes_children_on(day):
                # A sibling's placement copied on another day: that home is not taking children then.
                spec = self.placement(self._kind_for_age(age_on(child.dob, day)), day, town)
            mean = MEAN_PLACEMENT_YEARS.get(spec["place"] if spec["place"] in MEAN_PLACEMENT_YEARS else "foster", 1.6)
            move = day + timedelta(days=max(7, int(rng.exponential(mean * DAYS_PER_YEAR))))
            if spec["place"] == "A4":
                move = horizon
            candidates = [(horizon, "end"), (move, "move")]
            closing = spec["home"].closed_on if spec["home"] is not None else None
            if closing is not None and day < closing < move:
                candidates.append((closing, "close"))  # the home closes: everyone moves out that day
            if ls_change and ls_change > day:
                candidates.append((ls_change, "ls"))
            if adoption_day and adoption_day > day and spec["place"] != "A4":
                candidates.append((adoption_day, "adopt"))
            next_day, what = min(candidates)
            ep = Episode(decom=day, dec=None, rne=rne, ls=ls, cin=cin, place=spec["place"],
                         place_provider=spec["provider"], rec="", reason_place_change="", home_post=home_post,
                         pl_post=partial_postcode(spec["postcode"]), urn=spec["urn"], home=spec["home"],
                         address=spec["address"], postcode=spec["postcode"])
            episodes.append(ep)
            if what == "end" or next_day >= horizon:
                if end is not None and end <= self.until:
                    ep.dec = end
                    ep.rec = self._leaving_code(child, end, ep)
                self._record_stays([ep])
                return episodes
            ep.dec, ep.rec = next_day, "X1"
            self._record_stays([ep])
            day = next_day
            if what == "ls":
                ls, rne, ls_change = "C2", "L", None
            elif what == "adopt":
                ep.reason_place_change = "PLACE"
                ls, rne = "E1", "T"
                spec = self.placement("A4", day, town)
            else:
                ep.reason_place_change = "CLOSE" if what == "close" else _pick(rng, PLACE_CHANGE_REASONS)
                rne = "P"
                spec = self.placement(self._kind_for_age(age_on(child.dob, day)), day, town)

    def _leaving_code(self, child: Child, end: date, last: Episode) -> str:
        if last.place == "A4":
            return "E11"
        age = age_on(child.dob, end)
        if age >= 18:
            return _pick(self.rng, (("E5", 35), ("E6", 25), ("E8", 20), ("E7", 20)))
        if age >= 16:
            return _pick(self.rng, (("E4A", 50), ("E8", 25), ("E5", 25)))
        return _pick(self.rng, (("E4A", 80), ("E8", 20)))


def _name_for(rng: Rng, sex: str) -> str:
    names = MALE_FORENAMES if sex == "M" else FEMALE_FORENAMES
    return str(names[int(rng.integers(len(names)))])


def _aliases(rng: Rng, first: str, last: str, sex: str, count: int) -> list[tuple[str, str]]:
    options: list[tuple[str, str]] = []
    if first in NICKNAMES:
        options.append((str(NICKNAMES[first][0]), last))
    options.append((first, str(SURNAMES[int(rng.integers(len(SURNAMES)))])))  # previous surname
    options.append((str(STREET_ALIASES[int(rng.integers(len(STREET_ALIASES)))]), last))
    options.append((_name_for(rng, sex), last))
    order = rng.permutation(len(options))
    return [options[i] for i in order[:count]]


def build_children(rng: Rng, profile: Profile, gazetteer: Gazetteer, homes: list[Home],
                   out_of_area: list[Home], *, sim_start: date, today: date) -> list[Child]:
    """The stock of children in care at `sim_start` plus everyone who came into care up to `today`."""
    builder = CareHistoryBuilder(rng, profile, gazetteer, homes, out_of_area, until=today + timedelta(days=1))
    children: list[Child] = []
    used_ids: set[str] = set()

    def new_id() -> str:
        while True:
            cid = str(int(rng.integers(100_000, 999_999)))
            if cid not in used_ids:
                used_ids.add(cid)
                return cid

    def new_child(*, dob: date, care_start: date, surname: str | None = None, family: Address | None = None,
                  sex: str | None = None, remaining_from: date | None = None) -> Child:
        sex = sex or ("M" if rng.random() < 0.56 else "F")
        first = _name_for(rng, sex)
        last = surname or str(SURNAMES[int(rng.integers(len(SURNAMES)))])
        town = gazetteer.towns[int(rng.integers(len(gazetteer.towns)))]
        family = family or gazetteer.random_address(rng, town=town)
        duration = rng.exponential(MEAN_CARE_YEARS * DAYS_PER_YEAR)
        # Time left in care is memoryless: for the stock it runs from sim_start, for entrants from entry.
        care_end: date | None = (remaining_from or care_start) + timedelta(days=max(3, int(duration)))
        if care_end is not None and care_end >= _eighteenth(dob):
            care_end = _eighteenth(dob)
        if care_end is not None and care_end > today + timedelta(days=400):
            care_end = None
        n_alias = 2 if rng.random() < 0.05 else (1 if rng.random() < 0.16 else 0)
        child = Child(
            index=len(children), child_id=new_id(), first_name=first, last_name=last, sex=sex, dob=dob,
            ethnic=_pick(rng, ETHNIC_MIX), upn=make_upn(rng, dob) if age_on(dob, today) >= 5 else "UN1",
            family_address=family, care_start=care_start, care_end=care_end,
            aliases=_aliases(rng, first, last, sex, n_alias),
            mother=(sex == "F" and age_on(dob, today) >= 14 and rng.random() < 0.03),
        )
        children.append(child)
        return child

    def with_history(child: Child, together_with: Child | None = None, first_kind: str | None = None,
                     history_from: date | None = None) -> None:
        child.episodes = builder.build(child, together_with=together_with, first_kind=first_kind,
                                       history_from=history_from)

    # The stock on sim_start: already in care for a while.
    for _ in range(profile.children_in_care):
        dob = _dob_for_age(rng, sim_start, STOCK_AGE_BANDS)
        in_care_days = min((sim_start - dob).days - 1, int(rng.exponential(MEAN_CARE_YEARS * DAYS_PER_YEAR)))
        child = new_child(dob=dob, care_start=sim_start - timedelta(days=max(1, in_care_days)),
                          remaining_from=sim_start)
        with_history(child, history_from=sim_start)
    # Entrants: some arrive as sibling groups (same surname and family address), some as twins.
    years = (today - sim_start).days / DAYS_PER_YEAR
    entrants = int(rng.poisson(profile.entries_per_year * years))
    made = 0
    while made < entrants:
        start = sim_start + timedelta(days=int(rng.integers(0, max(1, (today - sim_start).days))))
        dob = _dob_for_age(rng, start, ENTRY_AGE_BANDS)
        first = new_child(dob=dob, care_start=start)
        with_history(first)
        made += 1
        roll = rng.random()
        if roll < 0.03:  # twins
            twin = new_child(dob=dob, care_start=start, surname=first.last_name, family=first.family_address)
            twin.twin_of = first.index
            with_history(twin, together_with=first if rng.random() < 0.8 else None)
            made += 1
        elif roll < 0.15:  # a sibling
            gap = int(rng.integers(300, 1500)) * (1 if rng.random() < 0.5 else -1)
            sib_dob = dob + timedelta(days=gap)
            if sib_dob < start and age_on(sib_dob, start) < 17:
                sib = new_child(dob=sib_dob, care_start=start, surname=first.last_name, family=first.family_address)
                sib.sibling_of = first.index
                with_history(sib, together_with=first if rng.random() < 0.6 else None)
                made += 1
    # Hard cases that must exist: twins and siblings placed together in one of the area's children's homes.
    for kind in ("twins", "siblings"):
        start = today - timedelta(days=int(rng.integers(200, 500)))
        dob = start - timedelta(days=int(rng.integers(13 * 365, 15 * 365)))
        first = new_child(dob=dob, care_start=start)
        first.care_end = None
        with_history(first, first_kind="K2")
        other_dob = dob if kind == "twins" else dob + timedelta(days=int(rng.integers(400, 700)))
        other = new_child(dob=other_dob, care_start=start, surname=first.last_name, family=first.family_address)
        other.care_end = None
        if kind == "twins":
            other.twin_of = first.index
        else:
            other.sibling_of = first.index
        with_history(other, together_with=first)
    _assign_social_workers(rng, profile, children)
    return children


def _assign_social_workers(rng: Rng, profile: Profile, children: list[Child]) -> None:
    workers: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for _ in range(profile.social_workers):
        sex = "F" if rng.random() < 0.8 else "M"
        first, last = _name_for(rng, sex), str(SURNAMES[int(rng.integers(len(SURNAMES)))])
        local = f"{first}.{last}".lower().replace("'", "")
        seen[local] = seen.get(local, 0) + 1
        if seen[local] > 1:
            local = f"{local}{seen[local]}"
        workers.append((f"{first} {last}", f"{local}@example.org"))
    for child in children:
        child.social_worker = workers[int(rng.integers(len(workers)))]
