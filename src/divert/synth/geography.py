"""A fictional gazetteer: towns, streets, postcodes, UPRNs and British National Grid coordinates.

The city is "Lindenford", fictional and Nottingham-like: real postcode *format* with NG-style outward codes
(districts 1-9 only, so a 903 partial postcode "NG7 1" fits five characters), invented street names, 12-digit
UPRNs and eastings/northings inside a plausible grid box. The national profile adds more fictional towns, each
with its own outward codes. Houses are not stored: an address is computed from (street, number, sub-unit).
"""

from dataclasses import dataclass, field, replace

import numpy as np

from divert.synth.fastrandom import Rng
from divert.synth.names import HOUSE_NAMES, STREET_STEMS, STREET_SUFFIXES, TOWN_STEMS, TOWN_SUFFIXES

CITY_NAME = "Lindenford"
CITY_AREA = "NG"


def _codes(text: str) -> tuple[str, ...]:
    return tuple(text.split())


UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in the inward code's last two places
# Outward areas for the national profile's fictional towns (real two-letter format).
NATIONAL_AREAS = _codes(
    "NG DE LE S B CV M L LS BD HU YO NE SR DH TS CA LA PR BB BL OL SK WA CH ST WS WV DY WR HR GL BS BA SN "
    "OX RG SL HP MK NN PE CB IP NR CO CM SS RM IG EN AL SG LU WD HA UB TW KT SM CR BR DA ME CT TN RH BN "
    "GU PO SO BH SP DT TA EX PL TQ TR LN DN WF HD HX HG"
)

HOUSES_PER_STREET = 120
UPRN_STRIDE = 40          # UPRNs per house number: 0 house, 1-19 flats, 20-25 letter suffixes A-F, 30 annex
ANNEX_OFFSET = 30
SUFFIX_LETTERS = "ABCDEF"


@dataclass(frozen=True, slots=True)
class Street:
    index: int
    name: str
    town: str
    district: str          # outward code, e.g. "NG7"
    sector: int            # first digit of the inward code
    units: tuple[str, ...]  # postcode units on the street, e.g. ("NG7 1AB", "NG7 1AD")
    uprn_base: int
    easting: int
    northing: int
    dx: int
    dy: int

    def postcode_for(self, number: int) -> str:
        return self.units[((number - 1) // 24) % len(self.units)]


@dataclass(frozen=True, slots=True)
class Address:
    """One addressable place. `flat` is e.g. "Flat 2", "Annex" or ""; `number` may carry a suffix ("14A")."""

    street: Street
    number: int
    suffix: str = ""       # "A".."F" for 14A-style neighbours
    flat: int = 0          # 1-19 flats in the building; 0 = the whole house
    annex: bool = False
    house_name: str = ""
    building: str = ""     # a named building: "Linden Court", "Riverside Business Park"
    range_to: int = 0      # the last number of a range: 21 with range_to 23 is "21-23 Acacia Road"
    unit: bool = False     # the sub-unit is a "Unit" (business premises), not a "Flat"

    @property
    def house_number(self) -> str:
        if self.range_to:
            return f"{self.number}-{self.range_to}"
        return f"{self.number}{self.suffix}"

    @property
    def flat_label(self) -> str:
        if self.annex:
            return "The Annex"
        if self.flat:
            return f"Unit {self.flat}" if self.unit else f"Flat {self.flat}"
        return ""

    @property
    def lines(self) -> tuple[str, str, str]:
        """Address lines as a register writes them: flat or annex, building or house name, number and street."""
        parts = [p for p in (self.flat_label, self.building or (self.house_name if not self.flat else ""),
                             f"{self.house_number} {self.street.name}") if p]
        return (parts + ["", ""])[0], (parts + ["", ""])[1], (parts + ["", "", ""])[2]

    @property
    def line1(self) -> str:
        """First address line: "Flat 2" / "The Annex" / a building or house name / "14 Acacia Road"."""
        return self.lines[0]

    @property
    def line2(self) -> str:
        return self.lines[1]

    @property
    def line3(self) -> str:
        return self.lines[2]

    @property
    def postcode(self) -> str:
        return self.street.postcode_for(self.number)

    @property
    def uprn(self) -> str:
        sub = self.flat
        if self.annex:
            sub = ANNEX_OFFSET
        elif self.suffix:
            sub = 20 + SUFFIX_LETTERS.index(self.suffix)
        return str(self.street.uprn_base + self.number * UPRN_STRIDE + sub)

    @property
    def easting(self) -> int:
        return self.street.easting + self.number * self.street.dx + (3 if self.annex else 0)

    @property
    def northing(self) -> int:
        return self.street.northing + self.number * self.street.dy + (2 if self.suffix else 0)

    def one_line(self) -> str:
        parts = [*self.lines, self.street.town, self.postcode]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Landmark:
    """A place known by name rather than by number (a station, a park, a shop): found-locations, street crime."""

    name: str
    street: Street
    town: str
    postcode: str
    easting: int
    northing: int


LANDMARK_KINDS = (
    "Bus Station", "Railway Station", "Market Square", "Retail Park", "Recreation Ground", "Leisure Centre",
    "McDonald's, High Street", "Tesco Express", "Canal Towpath", "Skate Park", "Library", "Community Centre",
    "Co-op", "Chicken Shop, Market Street", "Petrol Station", "Hospital A&E", "Park", "Shopping Centre",
)


@dataclass
class Gazetteer:
    streets: list[Street]
    towns: list[str]
    landmarks: list[Landmark]
    town_streets: dict[str, list[int]]
    # UPRNs that `random_address` never returns: the area's homes, once they are built (`reserve`), so a house
    # drawn at random (a foster carer, a family, a found-location, a public incident) is never a home's address.
    reserved: set[str] = field(default_factory=set)
    # (street, number) of every number inside a range ("21-23": 21, 22, 23) -> the range's address: one building.
    ranges: dict[tuple[int, int], Address] = field(default_factory=dict)
    buildings: dict[tuple[int, int], str] = field(default_factory=dict)  # (street, number) -> building name
    sites: set[tuple[int, int]] = field(default_factory=set)  # (street, number) of every reserved address

    def address(self, street_index: int, number: int, **kw) -> Address:
        return Address(self.streets[street_index], number, **kw)

    def reserve(self, addresses) -> None:
        for a in addresses:
            self.reserved.add(a.uprn)
            self.sites.add((a.street.index, a.number))
            if a.building:
                self.buildings[(a.street.index, a.number)] = a.building
            if a.range_to:
                for n in range(a.number, a.range_to + 1):
                    self.ranges[(a.street.index, n)] = a
                    self.reserved.add(Address(a.street, n).uprn)

    def canonical(self, address: Address) -> Address:
        """The building an address is in: a number inside a range ("22" of "21-23") is the range's address; a flat
        in a named building carries the building's name."""
        key = (address.street.index, address.number)
        if address.flat or address.annex or address.suffix:
            name = self.buildings.get(key, "")
            return replace(address, building=name) if name and not address.building and not address.unit else address
        return self.ranges.get(key, address)

    def random_address(self, rng: Rng, *, town: str | None = None) -> Address:
        """A house at random (no flat): never a reserved address (drawn again until it is not)."""
        pool = self.town_streets[town] if town else None
        while True:
            idx = pool[int(rng.integers(len(pool)))] if pool else int(rng.integers(len(self.streets)))
            address = Address(self.streets[idx], int(rng.integers(1, HOUSES_PER_STREET)))
            if address.uprn not in self.reserved:
                return address


def _town_names(count: int) -> list[str]:
    names = [CITY_NAME]
    for stem in TOWN_STEMS:
        for suffix in TOWN_SUFFIXES:
            name = f"{stem}{suffix}".capitalize()
            if name != CITY_NAME:
                names.append(name)
    return names[:count]


def _districts(count_towns: int, per_town: int) -> list[list[str]]:
    """Outward codes per town: the city gets NG1-NG9; national towns share areas, districts 1-9 each."""
    slots = [f"{area}{d}" for d in range(1, 10) for area in NATIONAL_AREAS if area != CITY_AREA]
    out = [[f"{CITY_AREA}{d}" for d in range(1, 10)]]
    cursor = 0
    for _ in range(1, count_towns):
        out.append(slots[cursor:cursor + per_town])
        cursor += per_town
    return out


def build_gazetteer(rng: Rng, *, towns: int, streets_per_town: int) -> Gazetteer:
    """Streets with postcodes, UPRNs and coordinates for `towns` fictional towns (the first is the city)."""
    town_names = _town_names(max(1, towns))
    per_town_districts = 3 if towns > 1 else 9
    districts = _districts(len(town_names), per_town_districts)
    suffix_names = [s for s, _ in STREET_SUFFIXES]
    suffix_weights = np.array([w for _, w in STREET_SUFFIXES], dtype=float)
    suffix_cum = np.cumsum(suffix_weights / suffix_weights.sum())
    streets: list[Street] = []
    town_streets: dict[str, list[int]] = {}
    landmarks: list[Landmark] = []
    for t, town in enumerate(town_names):
        # City centre near (457000, 340000) in the grid; other towns spread over England's box.
        if t == 0:
            cx, cy = 457_000, 340_000
        else:
            cx, cy = int(rng.integers(200_000, 640_000)), int(rng.integers(60_000, 640_000))
        n_streets = streets_per_town if t == 0 or towns == 1 else max(40, streets_per_town)
        used_names: set[str] = set()
        town_streets[town] = []
        for _ in range(n_streets):
            for _attempt in range(20):
                stem = STREET_STEMS[int(rng.integers(len(STREET_STEMS)))]
                suffix = suffix_names[min(int(np.searchsorted(suffix_cum, rng.random())), len(suffix_names) - 1)]
                name = f"{stem} {suffix}"
                if name not in used_names:
                    break
            used_names.add(name)
            district = districts[t][int(rng.integers(len(districts[t])))]
            sector = int(rng.integers(1, 10))
            n_units = int(rng.integers(1, 6))
            units = tuple(
                f"{district} {sector}{UNIT_LETTERS[int(rng.integers(20))]}{UNIT_LETTERS[int(rng.integers(20))]}"
                for _ in range(n_units)
            )
            index = len(streets)
            streets.append(Street(
                index=index, name=name, town=town, district=district, sector=sector, units=units,
                uprn_base=100_030_000_000 + index * HOUSES_PER_STREET * UPRN_STRIDE * 2,
                easting=cx + int(rng.integers(-6000, 6000)), northing=cy + int(rng.integers(-6000, 6000)),
                dx=int(rng.integers(-8, 9)), dy=int(rng.integers(-8, 9)),
            ))
            town_streets[town].append(index)
        for kind in LANDMARK_KINDS:
            street = streets[town_streets[town][int(rng.integers(len(town_streets[town])))]]
            number = int(rng.integers(1, HOUSES_PER_STREET))
            landmarks.append(Landmark(
                name=kind if "," in kind else f"{town} {kind}" if kind.endswith(("Station", "Square")) else kind,
                street=street, town=town, postcode=street.postcode_for(number),
                easting=street.easting + number * street.dx, northing=street.northing + number * street.dy,
            ))
    return Gazetteer(streets=streets, towns=town_names, landmarks=landmarks, town_streets=town_streets)


def random_house_name(rng: Rng) -> str:
    return HOUSE_NAMES[int(rng.integers(len(HOUSE_NAMES)))]


def partial_postcode(postcode: str) -> str:
    """The 903 HOME_POST / PL_POST form: outward code and the sector digit, e.g. "NG7 1"."""
    outward, _, inward = postcode.partition(" ")
    return f"{outward} {inward[:1]}" if inward else outward
