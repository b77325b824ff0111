"""Named ways in which police records depart from the truth (see docs/synth-calibration.md "Messiness").

Each function takes a `random.Random` and a clean value and returns a messy one; `messy_person` and
`messy_location` apply them at the rates in `profiles.MessRates`. The register side stays clean: the council's
children's register is correct, the police side is typed in a hurry.
"""

import random
from dataclasses import dataclass
from datetime import date

from divert.synth.geography import Address, Landmark
from divert.synth.names import NICKNAMES, STREET_ABBREVIATIONS
from divert.synth.profiles import MessRates

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Keys next to each other on a keyboard: substitutions people actually make.
KEYBOARD_NEIGHBOURS = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo", "j": "hk",
    "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "q": "wa", "r": "et", "s": "ad", "t": "ry",
    "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "x",
    "0": "9O", "1": "2I", "2": "13", "3": "24", "4": "35", "5": "46", "6": "57", "7": "68", "8": "79", "9": "80",
}


def _match_case(template: str, ch: str) -> str:
    return ch.upper() if template.isupper() else ch.lower()


# --- names ------------------------------------------------------------------------------------------------
def transpose_letters(rng: random.Random, text: str) -> str:
    """Swap two neighbouring letters: "Jordan" -> "Jrodan"."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def delete_letter(rng: random.Random, text: str) -> str:
    """Drop one letter (never the first): "Phillips" -> "Philips"."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text))
    return text[:i] + text[i + 1:]


def substitute_letter(rng: random.Random, text: str) -> str:
    """Replace one letter with a keyboard neighbour: "Kelly" -> "Kelky"."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))
    options = KEYBOARD_NEIGHBOURS.get(text[i].lower())
    if not options:
        return text
    return text[:i] + _match_case(text[i], rng.choice(options)) + text[i + 1:]


def insert_letter(rng: random.Random, text: str) -> str:
    """Double a letter: "Tyler" -> "Tylerr"."""
    if len(text) < 2:
        return text
    i = rng.randrange(1, len(text))
    return text[:i] + text[i - 1] + text[i:]


TYPOS = (transpose_letters, delete_letter, substitute_letter, insert_letter)


def typo(rng: random.Random, text: str) -> str:
    """One keying error of a random kind (transposition, deletion, substitution, insertion)."""
    return rng.choice(TYPOS)(rng, text)


def nickname(rng: random.Random, first_name: str) -> str:
    """A known short form of the forename ("William" -> "Billy"), or the forename itself if it has none."""
    options = NICKNAMES.get(first_name)
    return rng.choice(options) if options else first_name


def hyphenate_surname(rng: random.Random, last_name: str, other_surname: str) -> str:
    """Add a second surname ("Smith" -> "Smith-Jones") or drop one half of a hyphenated one."""
    if "-" in last_name:
        return rng.choice(last_name.split("-"))
    return f"{last_name}-{other_surname}" if rng.random() < 0.5 else f"{other_surname}-{last_name}"


def change_case(rng: random.Random, text: str, lower_share: float = 0.2) -> str:
    """Capitals, or (at `lower_share`) lower case: "14 ELM ROAD", "14 elm road"."""
    return text.lower() if rng.random() < lower_share else text.upper()


def initial_only(first_name: str) -> str:
    """Only the forename's initial: "Jordan" -> "J"."""
    return first_name[:1]


def comma_in_name(rng: random.Random, street_name: str) -> str:
    """A stray comma between the words of a street name: "Clay Hill Road" -> "Clay, Hill Road"."""
    words = street_name.split(" ")
    if len(words) < 2:
        return street_name
    i = rng.randrange(1, len(words))
    return " ".join(words[:i]) + ", " + " ".join(words[i:])


def range_variant(rng: random.Random, address: Address, as_one_number: float) -> str:
    """How "21-23" is typed: "21-23", "21 - 23", "21/23", or (at `as_one_number`) only one of its numbers."""
    if rng.random() < as_one_number:
        return str(rng.choice((address.number, address.range_to)))
    return rng.choice((f"{address.number}-{address.range_to}", f"{address.number} - {address.range_to}",
                       f"{address.number}/{address.range_to}"))


def day_wrong(rng: random.Random, dob: date) -> date:
    """The day keyed one to three out, in the same month."""
    day = dob.day + rng.choice((-3, -2, -1, 1, 2, 3))
    try:
        return dob.replace(day=day)
    except ValueError:
        return dob


# --- dates of birth -----------------------------------------------------------------------------------------
def swap_day_month(dob: date) -> date:
    """The American-style slip: 05/03 for 03/05. Only possible when the day is 12 or less and differs."""
    if dob.day > 12 or dob.day == dob.month:
        return dob
    try:
        return dob.replace(month=dob.day, day=dob.month)
    except ValueError:
        return dob


def year_off_by_one(rng: random.Random, dob: date) -> date:
    """The year keyed one out: 2009 for 2010."""
    year = dob.year + rng.choice((-1, 1))
    try:
        return dob.replace(year=year)
    except ValueError:  # 29 February
        return dob.replace(year=year, day=28)


# --- postcodes and addresses --------------------------------------------------------------------------------
def drop_postcode_space(postcode: str) -> str:
    """"NG7 1AB" -> "NG71AB"."""
    return postcode.replace(" ", "")


def mistype_postcode(rng: random.Random, postcode: str) -> str:
    """One wrong character in a postcode: a keyboard neighbour, a swapped inward pair or O for 0."""
    outward, _, inward = postcode.partition(" ")
    kind = rng.random()
    if kind < 0.35 and len(inward) == 3:
        return f"{outward} {inward[0]}{inward[2]}{inward[1]}"
    if kind < 0.5 and "0" in postcode:
        return postcode.replace("0", "O", 1)
    chars = list(postcode)
    positions = [i for i, c in enumerate(chars) if c.strip() and i > 0]
    i = rng.choice(positions)
    options = KEYBOARD_NEIGHBOURS.get(chars[i].lower(), "")
    if options:
        chars[i] = rng.choice(options).upper()
    return "".join(chars)


def abbreviate_street(rng: random.Random, street_name: str) -> str:
    """"Acacia Road" -> "Acacia Rd" (the last word only)."""
    stem, _, kind = street_name.rpartition(" ")
    options = STREET_ABBREVIATIONS.get(kind)
    return f"{stem} {rng.choice(options)}" if options else street_name


def flat_variant(rng: random.Random, flat: int) -> str:
    """How a flat is typed: "Flat 2", "2", "Flat B", "2/", "Apt 2", "F2", "Flat 2A"."""
    letter = "ABCDEFGHIJKLMNOPQRST"[(flat - 1) % 20]
    return rng.choice((f"Flat {flat}", f"{flat}", f"Flat {letter}", f"{flat}/", f"Apt {flat}", f"F{flat}",
                       f"flat {flat}"))


def annex_variant(rng: random.Random) -> str:
    """How an annex is typed: "Annex", "Annexe", "The Annex", "Rear of"."""
    return rng.choice(("Annex", "Annexe", "The Annex", "Rear of", "Annex at"))


@dataclass(frozen=True, slots=True)
class PersonAsRecorded:
    first_name: str
    last_name: str
    date_of_birth: date | None
    sex: str   # M, F or ""


def messy_person(rng: random.Random, rates: MessRates, *, first_name: str, last_name: str,
                 date_of_birth: date | None, sex: str, aliases: tuple[tuple[str, str], ...] = (),
                 other_surname: str = "Smith") -> PersonAsRecorded:
    """A person as a police record gives them, at the rates in `rates`."""
    first, last, dob = first_name, last_name, date_of_birth
    if aliases and rng.random() < rates.alias:
        first, last = rng.choice(aliases)
    elif rng.random() < rates.nickname:
        first = nickname(rng, first)
    if rng.random() < rates.first_name_typo:
        first = typo(rng, first)
    if rng.random() < rates.last_name_typo:
        last = typo(rng, last)
    if rng.random() < rates.surname_hyphenated:
        last = hyphenate_surname(rng, last, other_surname)
    roll = rng.random()
    if roll < rates.forename_initial:
        first = initial_only(first)
    elif roll < rates.forename_initial + rates.forename_missing:
        first = ""
    if first and rng.random() < rates.surname_missing:
        last = ""
    if rng.random() < rates.names_swapped and first and last:
        first, last = last, first
    if rng.random() < rates.name_upper_case:
        first, last = first.upper(), last.upper()
    if dob is not None:
        roll = rng.random()
        cut = [rates.dob_missing, rates.dob_day_month_swapped, rates.dob_year_off_by_one, rates.dob_day_wrong]
        if roll < cut[0]:
            dob = None
        elif roll < sum(cut[:2]):
            dob = swap_day_month(dob)
        elif roll < sum(cut[:3]):
            dob = year_off_by_one(rng, dob)
        elif roll < sum(cut):
            dob = day_wrong(rng, dob)
    if rng.random() < rates.sex_missing:
        sex = ""
    return PersonAsRecorded(first, last, dob, sex)


@dataclass(frozen=True, slots=True)
class LocationAsRecorded:
    text: str
    postcode: str
    uprn: str
    easting: str
    northing: str


def messy_postcode(rng: random.Random, rates: MessRates, postcode: str) -> str:
    roll = rng.random()
    if roll < rates.postcode_missing:
        return ""
    if roll < rates.postcode_missing + rates.postcode_mistyped:
        return mistype_postcode(rng, postcode)
    if roll < rates.postcode_missing + rates.postcode_mistyped + rates.postcode_space_dropped:
        return drop_postcode_space(postcode)
    return postcode


def address_text(rng: random.Random, rates: MessRates, address: Address) -> str:
    """The address as a call handler types it (flat variants, house name or number, abbreviations, case)."""
    street = address.street.name
    if rng.random() < rates.street_abbreviated:
        street = abbreviate_street(rng, street)
    if rng.random() < rates.location_comma_in_name:
        street = comma_in_name(rng, street)
    number = range_variant(rng, address, rates.range_written_as_one_number) if address.range_to \
        else address.house_number
    if address.house_name and rng.random() < rates.house_name_for_number:
        main = f"{address.house_name}, {street}"
    elif address.building and rng.random() < rates.house_name_for_number:
        main = f"{address.building}, {street}"  # the building's name instead of its number
    elif address.building and rng.random() < 0.7:
        main = f"{address.building}, {number} {street}"
    else:
        main = f"{number} {street}"
    if address.annex:
        main = f"{annex_variant(rng)}, {main}" if rng.random() < 0.8 else main
    elif address.flat and address.unit:
        main = f"{rng.choice(('Unit', 'Unit', 'UNIT', 'Units'))} {address.flat}, {main}"
    elif address.flat:
        label = flat_variant(rng, address.flat) if rng.random() < rates.flat_variant else f"Flat {address.flat}"
        main = f"{label}{' ' if label.endswith('/') else ', '}{main}".replace("/ ", "/")
    if rng.random() >= rates.town_omitted:
        main = f"{main}, {address.street.town}"
    if rng.random() < rates.location_case_changed:
        main = change_case(rng, main, rates.location_lower_case)
    return main


BUSINESS_NAMES = ("Co-op", "Greggs", "Costa Coffee", "Tesco Express", "Londis", "Ladbrokes", "Boots", "Premier Stores",
                  "Subway", "Spar", "William Hill", "Domino's Pizza", "The Red Lion", "Kebab House", "Post Office",
                  "Launderette", "Barbers", "Nail Bar", "Vape Shop", "Car Wash")


def messy_location(rng: random.Random, rates: MessRates, address: Address, business: str = ""
                   ) -> LocationAsRecorded:
    """An address-based incident location: text, postcode, UPRN and grid reference as the force records them;
    `business` is a shop or pub at the address, named before it ("Co-op, 12 Elm Road")."""
    uprn = address.uprn if rng.random() < rates.location_uprn_given else ""
    if rng.random() < rates.location_uprn_only:
        return LocationAsRecorded(address.uprn, "", address.uprn, "", "")
    coords = rng.random() < rates.location_coordinates_given
    text = address_text(rng, rates, address)
    if business:
        text = f"{business}, {text}"
    return LocationAsRecorded(
        text=text,
        postcode=messy_postcode(rng, rates, address.postcode),
        uprn=uprn,
        easting=str(address.easting + rng.randint(-5, 5)) if coords else "",
        northing=str(address.northing + rng.randint(-5, 5)) if coords else "",
    )


def landmark_location(rng: random.Random, rates: MessRates, landmark: Landmark) -> LocationAsRecorded:
    """A named place ("Bus Station", "outside Tesco Express, Elm Road"): no UPRN, approximate coordinates."""
    prefix = rng.choice(("", "", "Outside ", "Near ", "Rear of "))
    street = landmark.street.name
    if rng.random() < rates.street_abbreviated:
        street = abbreviate_street(rng, street)
    text = f"{prefix}{landmark.name}, {street}"
    if rng.random() < rates.location_case_changed:
        text = change_case(rng, text, rates.location_lower_case)
    coords = rng.random() < rates.location_coordinates_given
    return LocationAsRecorded(
        text=text, postcode=messy_postcode(rng, rates, landmark.postcode), uprn="",
        easting=str(landmark.easting + rng.randint(-40, 40)) if coords else "",
        northing=str(landmark.northing + rng.randint(-40, 40)) if coords else "",
    )
