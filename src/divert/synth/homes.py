"""Providers and settings: the area's homes register plus out-of-area homes that only appear in the 903.

Calibration (Howard League 2019): 10 council small group homes and 65 private homes in the city; semi-independent
(supported accommodation) providers; a few homes closed last year and new ones opened this year. Call-out rates
per home are skewed (gamma) so that a minority of homes make most call-outs (Howard League 2019: "certain provider that
had numerous reporting issues").
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from divert.synth.fastrandom import Rng
from divert.synth.geography import HOUSES_PER_STREET, Address, Gazetteer, random_house_name
from divert.synth.names import FEMALE_FORENAMES, HOME_NAME_WORDS, MALE_FORENAMES, PROVIDER_SUFFIXES, SURNAMES
from divert.synth.profiles import Profile

LA_CHILDRENS_HOME = "la_childrens_home"
PRIVATE_CHILDRENS_HOME = "private_childrens_home"
SUPPORTED_ACCOMMODATION = "supported_accommodation"
# Named multi-occupancy buildings (FHRS: about one address in ten has a name before the number).
BUILDING_KINDS = ("Court", "House", "Lodge", "Mews", "Point", "Heights", "Chambers", "Place")


@dataclass(slots=True)
class Home:
    urn: str
    name: str
    provider: str
    provider_type: str   # la, private, voluntary
    setting_type: str
    places: int
    address: Address
    opened_on: date | None
    closed_on: date | None
    callout_weight: float
    in_area: bool = True  # in the homes register (out-of-area homes appear only as 903 URNs)
    staff: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_supported(self) -> bool:
        return self.setting_type == SUPPORTED_ACCOMMODATION

    def open_on(self, day: date) -> bool:
        """Open from `opened_on` to `closed_on`, both days included (as homes.csv and the address matcher read
        them): an incident on the day a home closes may still be at the home."""
        return (self.opened_on is None or self.opened_on <= day) and (self.closed_on is None or day <= self.closed_on)

    def takes_children_on(self, day: date) -> bool:
        """A placement can start here on `day`: open, and not closing that day."""
        return self.open_on(day) and self.closed_on != day


def _name(rng: Rng, words: tuple[str, ...] = HOME_NAME_WORDS) -> str:
    return str(words[int(rng.integers(len(words)))])


def _staff(rng: Rng, count: int) -> list[tuple[str, str]]:
    out = []
    for _ in range(count):
        names = FEMALE_FORENAMES if rng.random() < 0.7 else MALE_FORENAMES
        out.append((str(names[int(rng.integers(len(names)))]), str(SURNAMES[int(rng.integers(len(SURNAMES)))])))
    return out


def _providers(rng: Rng, count: int, suffixes: tuple[str, ...] = PROVIDER_SUFFIXES) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen[f"{_name(rng)} {suffixes[int(rng.integers(len(suffixes)))]}"] = None
        if len(seen) < count and len(seen) >= len(HOME_NAME_WORDS) * len(suffixes) * 0.9:
            seen[f"{_name(rng)} {_name(rng)} {suffixes[int(rng.integers(len(suffixes)))]}"] = None
    return list(seen)


def build_homes(rng: Rng, profile: Profile, gazetteer: Gazetteer, today: date,
                la_name: str) -> list[Home]:
    """The area's homes and supported accommodation, with skewed call-out weights and open/close dates."""
    homes: list[Home] = []
    used_urns: set[str] = set()
    used_addresses: set[tuple[int, int]] = set()

    def new_urn(prefix: str) -> str:
        while True:
            urn = f"{prefix}{int(rng.integers(100_000, 999_999))}" if prefix == "SC" else str(
                int(rng.integers(2_000_000, 2_999_999)))
            if urn not in used_urns:
                used_urns.add(urn)
                return urn

    def new_address(*, flat: int = 0, annex: bool = False, town: str | None = None,
                    building: bool = False) -> Address:
        while True:
            pool = gazetteer.town_streets[town] if town else None
            street = int(rng.choice(pool)) if pool else int(rng.integers(len(gazetteer.streets)))
            number = int(rng.integers(2, HOUSES_PER_STREET - 4))
            # A home in two knocked-through houses ("21-23 Elm Road", odd numbers one side of the street).
            range_to = number + 2 if (not flat and not annex and not building
                                      and rng.random() < profile.range_home_share) else 0
            numbers = range(number, (range_to or number) + 1)
            if all((street, n) not in used_addresses for n in numbers):
                used_addresses.update((street, n) for n in numbers)
                house_name = random_house_name(rng) if (not flat and not building and rng.random() < 0.25) else ""
                suffix = "A" if (not flat and not annex and not range_to and not building
                                 and rng.random() < 0.1) else ""
                name = (f"{_name(rng)} {BUILDING_KINDS[int(rng.integers(len(BUILDING_KINDS)))]}" if building
                        else "")
                return gazetteer.address(street, number, flat=flat, annex=annex, house_name=house_name,
                                         suffix=suffix, range_to=range_to, building=name)

    def town_for(i: int) -> str:
        return gazetteer.towns[i % len(gazetteer.towns)]

    weights = rng.gamma(profile.home_callout_skew, 1 / profile.home_callout_skew,
                        size=profile.la_homes + profile.private_homes + profile.voluntary_homes
                        + profile.supported_settings + profile.homes_closed_last_year + 10)
    w = iter(weights)

    private_providers = _providers(rng, max(3, profile.private_homes // 3))
    # A few providers own many homes: Zipf-like provider choice.
    provider_p = 1 / np.arange(1, len(private_providers) + 1) ** 0.8
    provider_p /= provider_p.sum()
    supported_providers = _providers(rng, max(2, profile.supported_settings // 3),
                                     ("Supported Living Ltd", "Housing Support Ltd", "Semi-Independent Living Ltd"))

    def add(setting: str, provider: str, provider_type: str, i: int, *, address: Address | None = None,
            opened_on: date | None = None, closed_on: date | None = None) -> Home:
        prefix = "2" if setting == SUPPORTED_ACCOMMODATION else "SC"
        places = int(rng.integers(3, 6)) if setting == LA_CHILDRENS_HOME else int(rng.integers(1, 5))
        if setting == SUPPORTED_ACCOMMODATION:
            places = int(rng.integers(1, 7))
        base = {"la_childrens_home": "House", "private_childrens_home": "House",
                "supported_accommodation": "Supported Living"}[setting]
        address = address or new_address(town=town_for(i))
        home = Home(
            urn=new_urn(prefix), name=f"{_name(rng)} {base}", provider=provider, provider_type=provider_type,
            setting_type=setting, places=places, address=address, opened_on=opened_on, closed_on=closed_on,
            callout_weight=float(next(w, 1.0)), staff=_staff(rng, 6),
        )
        homes.append(home)
        return home

    long_ago = today - timedelta(days=365 * 6)
    for i in range(profile.la_homes):
        add(LA_CHILDRENS_HOME, la_name, "la", i, opened_on=long_ago - timedelta(days=int(rng.integers(0, 3000))))
    for i in range(profile.private_homes):
        provider = private_providers[int(rng.choice(len(private_providers), p=provider_p))]
        opened = today - timedelta(days=int(rng.integers(400, 4000)))
        if i < profile.homes_opened_this_year:  # new homes opened this year
            opened = today - timedelta(days=int(rng.integers(20, 200)))
        add(PRIVATE_CHILDRENS_HOME, provider, "private", i, opened_on=opened)
    for i in range(profile.voluntary_homes):
        add(PRIVATE_CHILDRENS_HOME, "Children's Trust (voluntary)", "voluntary", i,
            opened_on=today - timedelta(days=int(rng.integers(400, 4000))))
    for i in range(profile.homes_closed_last_year):
        provider = private_providers[int(rng.choice(len(private_providers), p=provider_p))]
        closed = today - timedelta(days=int(rng.integers(230, 500)))
        add(PRIVATE_CHILDRENS_HOME, provider, "private", i, opened_on=closed - timedelta(days=1500),
            closed_on=closed)
    # Supported accommodation: flats in multi-occupancy buildings (another flat in the same building is NOT a
    # setting), one annex behind a family house.
    for i in range(profile.supported_settings):
        provider = supported_providers[int(rng.integers(len(supported_providers)))]
        if i % 6 == 5:
            address = new_address(annex=True, town=town_for(i))
        else:
            building = new_address(town=town_for(i), building=rng.random() < profile.named_building_share)
            address = gazetteer.address(building.street.index, building.number, flat=int(rng.integers(1, 7)),
                                        building=building.building)
        add(SUPPORTED_ACCOMMODATION, provider, "private", i, address=address,
            opened_on=today - timedelta(days=int(rng.integers(100, 2500))))
    return homes


def build_out_of_area_homes(rng: Rng, count: int, gazetteer: Gazetteer) -> list[Home]:
    """Homes outside the area where the LA places some children: real-looking URNs, never in homes.csv."""
    out = []
    for i in range(count):
        setting = SUPPORTED_ACCOMMODATION if i % 4 == 3 else PRIVATE_CHILDRENS_HOME
        urn = f"SC{int(rng.integers(100_000, 999_999))}" if setting != SUPPORTED_ACCOMMODATION else str(
            int(rng.integers(2_000_000, 2_999_999)))
        out.append(Home(
            urn=urn, name=f"{_name(rng)} House", provider="Out of area provider", provider_type="private",
            setting_type=setting, places=3, address=gazetteer.random_address(rng), opened_on=None, closed_on=None,
            callout_weight=0.0, in_area=False,
        ))
    return out
