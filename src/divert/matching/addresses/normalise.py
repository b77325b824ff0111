"""Turn a typed UK address into comparable parts.

Rules here follow general UK addressing conventions (Royal Mail PAF, BS 7666), never one data set's quirks:

- postcodes: the published format `A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA`, tolerant of a missing
  space, lower case and the common keying slips O/0 and I/1 in positions where only one of them is allowed;
- abbreviations (Rd/Road, St/Street/Saint, Ave/Avenue ...) are folded to one short form on both sides, so no guess
  is needed about whether "St" means Street or Saint;
- a sub-building (Flat 2, Apartment 2, Flat B, 2nd floor flat, GFF, Annex, "2, 14 Oak Lane", "14/2 Oak Lane") is
  parsed apart from the building number (14, 14A, 14-16), the house name ("The Willows") and the street.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
POSTCODE_IN_TEXT_RE = re.compile(r"\b([A-Z][A-Z0-9]{1,3})\s?([0-9OI][A-Z0-9]{2})\s*$")
INWARD_LETTERS_TO_DIGITS = {"O": "0", "I": "1", "L": "1", "S": "5", "Z": "2"}
OUTWARD_DIGITS_TO_LETTERS = {"0": "O", "1": "I", "5": "S", "2": "Z", "8": "B"}

# Royal Mail / BS 7666 street descriptors and common words, folded to one short form.
ABBREVIATIONS = {
    "ROAD": "RD", "STREET": "ST", "STR": "ST", "SAINT": "ST", "AVENUE": "AVE", "AV": "AVE", "AVN": "AVE",
    "LANE": "LN", "LA": "LN", "DRIVE": "DR", "DRV": "DR", "CLOSE": "CL", "COURT": "CT", "CRT": "CT",
    "CRESCENT": "CRES", "CRESC": "CRES", "CR": "CRES", "PLACE": "PL", "SQUARE": "SQ", "TERRACE": "TER",
    "TERR": "TER", "TCE": "TER", "GARDENS": "GDNS", "GARDEN": "GDNS", "GDN": "GDNS", "GROVE": "GR", "GRO": "GR",
    "GRV": "GR", "PARK": "PK", "MOUNT": "MT", "WALK": "WLK", "PARADE": "PDE", "ESPLANADE": "ESP",
    "BOULEVARD": "BLVD", "HIGHWAY": "HWY", "GREEN": "GRN", "COTTAGES": "COTTS", "COTTAGE": "COTT",
    "BUILDINGS": "BLDGS", "APARTMENTS": "APTS", "ESTATE": "EST", "INDUSTRIAL": "IND", "CENTRE": "CTR",
    "CENTER": "CTR", "JUNCTION": "JCT", "UPPER": "UPR", "LOWER": "LWR", "NORTH": "N", "SOUTH": "S", "EAST": "E",
    "WEST": "W", "WY": "WAY", "HOUSE": "HO", "MEWS": "MEWS", "WAY": "WAY", "VIEW": "VW", "HEIGHTS": "HTS", "FARM": "FM",
    "LODGE": "LDG", "HALL": "HL", "CHAMBERS": "CHMBS",
}
STREET_TYPES = frozenset({
    "RD", "ST", "AVE", "LN", "DR", "CL", "CT", "CRES", "PL", "SQ", "TER", "GDNS", "GR", "PK", "MT", "WLK", "PDE",
    "ESP", "BLVD", "HWY", "GRN", "WAY", "VW", "ROW", "RISE", "MEWS", "HILL", "HTS", "GATE", "YARD", "WHARF", "QUAY",
})
NOISE_WORDS = frozenset({"THE", "OF", "AND", "AT", "NO", "NUMBER", "ADDRESS", "UK", "ENGLAND", "UNITED", "KINGDOM"})


def _adopt_uk_abbreviations() -> None:
    """Add uk_address_matcher's abbreviations (uk_reference.py) that do not contradict the folding above: a word
    of at least 3 letters, not one of Divert's own forms, rarer in UK addresses than its spelt-out form ("STN" for
    STATION, "WKS" for WORKS, "HSE" for HOUSE; not "PEN", more common than PENINSULA). Both sides fold the same."""
    from .uk_reference import abbreviation_pairs, uk_count

    own = set(ABBREVIATIONS) | set(ABBREVIATIONS.values()) | STREET_TYPES | NOISE_WORDS
    for token, spelt in abbreviation_pairs():
        target = ABBREVIATIONS.get(spelt, spelt)
        if token in own or len(token) < 3 or not token.isalpha() or target == token:
            continue
        if uk_count(token) < uk_count(target):
            ABBREVIATIONS[token] = target


_adopt_uk_abbreviations()
# Words saying the place is next to the address rather than at it: never an automatic link.
# "BY" only where the location starts ("By the war memorial, ..."), or after a comma: inside a name it is part of
# the name ("STOKE BY NAYLAND", "EXPRESS BY HOLIDAY INN"), not "beside"
QUALIFIER_RE = re.compile(r"\b(OUTSIDE|O/S|NEAR|NR|OPPOSITE|OPP|REAR OF|BEHIND|JCT OF|JUNCTION OF|J/W|ADJ|"
                          r"ADJACENT TO|NEXT TO|(?:(?<=^)|(?<=, ))BY)\b")
QUALIFIER_HINT_RE = re.compile(r"O/S|OUTSIDE|NEAR|\bNR\b|OPP|REAR|BEHIND|JCT|JUNCTION|J/W|ADJ|NEXT TO|\bBY\b")
FORWARD_WORDS = re.compile(r"\b(CHILDREN'?S HOME|CHILDRENS HOME|CARE HOME|RESIDENTIAL HOME|SUPPORTED ACCOMMODATION|"
                           r"SEMI[- ]INDEPENDENT)\b")

UNIT_WORD = r"(?:FLAT|FLT|APARTMENT|APPARTMENT|APPT|APT|UNIT|ROOM|RM|STUDIO|SUITE|MAISONETTE|BEDSIT)"
# the unit word starts a word: "GROOM 35" (Horse and Groom, 35 East Street) and "FARM 2" are no room or flat
UNIT_RE = re.compile(r"(?:\b" + UNIT_WORD + r"\s*(?:NO\s*)?|(?:^|(?<=, ))F(?=[0-9]))([0-9]+[A-Z]?|[A-Z](?![A-Z]))\b")
FLOORS = {
    "BASEMENT": "B", "LOWER GROUND": "LG", "GROUND": "0", "FIRST": "1", "1ST": "1", "SECOND": "2", "2ND": "2",
    "THIRD": "3", "3RD": "3", "FOURTH": "4", "4TH": "4", "FIFTH": "5", "5TH": "5", "TOP": "T", "UPPER": "U",
    "UPR": "U", "LOWER": "L", "LWR": "L",
}
FLOOR_RE = re.compile(r"\b(BASEMENT|LOWER GROUND|GROUND|FIRST|1ST|SECOND|2ND|THIRD|3RD|FOURTH|4TH|FIFTH|5TH|TOP|"
                      r"UPPER|UPR|LOWER|LWR)\s+(?:FLOOR\s+FLAT|FLOOR|FLR\s+FLAT|FLR|FLAT|FLT|MAISONETTE)\b")
# The flat named by its floor after the word FLAT, as address lists write it ("Flat Basement", "Flat First Floor",
# "Flat Ground Floor"): the same flat as "Basement flat", "First floor flat".
FLAT_FLOOR_RE = re.compile(r"\bFLAT\s+(BASEMENT|LOWER GROUND|GROUND|FIRST|1ST|SECOND|2ND|THIRD|3RD|FOURTH|4TH|"
                           r"FIFTH|5TH|TOP|UPPER|LOWER)(?:\s+(?:FLOOR|FLR))?\b(?!\s+AND\b)")
FLOOR_ABBR = {"GFF": "0", "GFL": "0", "FFF": "1", "FFL": "1", "SFF": "2", "SFL": "2", "TFF": "3", "BSMT": "B"}
FLOOR_ABBR_RE = re.compile(r"\b(GFF|GFL|FFF|FFL|SFF|SFL|TFF|BSMT)\b")
TENEMENT_RE = re.compile(r"(?:\bFLAT\s*)?\b([0-9]+/[0-9]+)\b\s*,?\s*(?=[0-9])")  # Glasgow "2/1, 45 Dumbarton Road"
ANNEX_RE = re.compile(r"\b(?:THE\s+)?(?:ANNEXE|ANNEX|ANEX|ANNX|GRANNY FLAT|COACH HOUSE)\b")
NUMBER_TOKEN_RE = re.compile(r"^([0-9]+)([A-Z]?)$")
RANGE_TOKEN_RE = re.compile(r"^([0-9]+)[A-Z]?-([0-9]+)[A-Z]?$")
DIGITS_RE = re.compile(r"[0-9]+")
SLASH_RE = re.compile(r"\b([0-9]+[A-Z]?)\s*/\s*([0-9]+[A-Z]?)\b")


@dataclass(slots=True)
class Postcode:
    """A valid UK postcode split into its parts: unit `NG7 1AB`, sector `NG7 1`, district `NG7`, area `NG`."""

    unit: str
    sector: str
    district: str
    area: str

    @property
    def compact(self) -> str:
        return self.unit.replace(" ", "")


@dataclass(slots=True)
class ParsedAddress:
    """An address in comparable parts. `number` is the building number with any suffix ("14A"); `unit` the flat."""

    raw: str
    postcode: Postcode | None = None
    unit: str = ""  # "2", "B", "2A", "FL0" (ground floor), "ANNEX"
    number: str = ""  # "14", "14A", "14-16"
    number_alt: str = ""  # the other half of "14/2": a number that might be the building instead
    name: str = ""  # house name, normalised ("WILLOWS")
    street: tuple[str, ...] = ()  # street words after the number ("OAK", "LN")
    locality: tuple[str, ...] = ()  # words of later parts: district, town
    tokens: tuple[str, ...] = field(default_factory=tuple)  # every normalised word (no postcode)
    qualifier: str = ""  # "NEAR", "OUTSIDE"...: the place is beside the address, not at it

    def other_reading(self) -> ParsedAddress | None:
        """For "2/14 Oak Lane", the reading with the numbers the other way round (flat 2 at 14), if any."""
        if not self.number_alt:
            return None
        return replace(self, number=self.number_alt, unit=self.number, number_alt="")

    @property
    def after_number(self) -> tuple[str, ...]:
        """Street and locality words: where a messy address's street may be, whatever its commas say."""
        return self.street + self.locality

    @property
    def digits(self) -> str:
        """The building number without suffix: "14" for "14A"; "" if none."""
        m = DIGITS_RE.match(self.number)
        return m.group(0) if m else ""


@lru_cache(maxsize=100_000)
def core_street(words: tuple[str, ...]) -> tuple[str, ...]:
    """The street's own words: up to its descriptor ("OAK LN" of "OAK LN NOTTINGHAM")."""
    for i, word in enumerate(words):
        if i > 0 and word in STREET_TYPES:
            return words[: i + 1]
    return words


def _variants(chars: str, swaps: dict[str, str]) -> list[str]:
    """Every spelling of `chars` with any subset of its characters swapped, fewest swaps first."""
    spellings = [("", 0)]
    for ch in chars:
        spellings = [(s + ch, n) for s, n in spellings] + ([(s + swaps[ch], n + 1) for s, n in spellings]
                                                           if ch in swaps else [])
    return [s for s, _ in sorted(spellings, key=lambda item: item[1])]


def _fix_postcode_typos(compact: str) -> str | None:
    """A valid postcode from a compact string, correcting O/0, I/1 (and S/5) slips, fewest corrections first."""
    if len(compact) < 5 or len(compact) > 7:
        return None
    outward, inward = compact[:-3], compact[-3:]
    inward = INWARD_LETTERS_TO_DIGITS.get(inward[0], inward[0]) + "".join(
        OUTWARD_DIGITS_TO_LETTERS.get(ch, ch) for ch in inward[1:])
    swaps = {"O": "0", "I": "1", "0": "O", "1": "I", "5": "S", "S": "5"}
    for out in _variants(outward, swaps):
        if POSTCODE_RE.match(out + inward):
            return out + inward
    return None


@lru_cache(maxsize=200_000)
def normalise_postcode(raw: str | None) -> Postcode | None:
    """A Postcode for a typed postcode, or None when it is missing or not a valid UK postcode shape."""
    if not raw:
        return None
    compact = re.sub(r"[^A-Z0-9]", "", str(raw).upper())
    code = _fix_postcode_typos(compact)
    if code is None:
        return None
    outward, inward = code[:-3], code[-3:]
    area = re.match(r"[A-Z]+", outward).group(0)  # type: ignore[union-attr]
    return Postcode(unit=f"{outward} {inward}", sector=f"{outward} {inward[0]}", district=outward, area=area)


# A range of building numbers, however spaced: "14 - 16", "14-16", and with a comma typed after the hyphen ("48 -,
# 54 Church St": a comma typed inside a range is punctuation, not a break between address parts; ADR 0058)
HYPHEN_RANGE_RE = re.compile(r"(?<=[0-9])\s*-[\s,]*(?=[0-9])")
# "14 A Oak Lane" -> "14A Oak Lane" (not N/S/E/W: "32 N Parade" is North Parade)
SPACED_SUFFIX_RE = re.compile(r"\b([0-9]+) ([A-DF-MO-RT-VX-Z])\b(?=\s+[A-Z]{2})")
NOT_ADDRESS_CHARS_RE = re.compile(r"[^A-Z0-9,/\- ]+")
COMMA_RE = re.compile(r"\s*,[\s,]*")
SPACES_RE = re.compile(r"\s+")


def _clean_text(raw: str) -> str:
    text = raw.upper().replace("&", " AND ").replace("'", "").replace("\u2019", "")
    if "-" in text:
        text = HYPHEN_RANGE_RE.sub("-", text)
    text = SPACED_SUFFIX_RE.sub(r"\1\2", text)
    text = NOT_ADDRESS_CHARS_RE.sub(" ", text)
    text = COMMA_RE.sub(", ", text)
    return SPACES_RE.sub(" ", text).strip(" ,")


def fold_word(word: str) -> str:
    """One word in its short form: ROAD -> RD, STREET/SAINT -> ST, AVENUE -> AVE."""
    return ABBREVIATIONS.get(word, word)


WORD_SPLIT_RE = re.compile(r"[\s,]+")


def _words(text: str) -> list[str]:
    return [ABBREVIATIONS.get(w, w) for w in WORD_SPLIT_RE.split(text) if w and w not in NOISE_WORDS and w != "-"]


UNIT_HINT_RE = re.compile(r"/|\bF[0-9]|FL|AP|UNIT|ROOM|\bRM|STUDIO|SUITE|MAISON|BEDSIT|FLOOR|FLR|GFF|GFL|FFF|"
                          r"FFL|SFF|SFL|TFF|BSMT|BASEMENT|AN+EX|GRANNY|COACH")


def _extract_unit(text: str) -> tuple[str, str]:
    """The sub-building (flat, floor, annex) and the text without it."""
    if not UNIT_HINT_RE.search(text):
        return "", text  # most addresses name no sub-building: skip the patterns below
    m = TENEMENT_RE.search(text)
    if m:  # floor/position before the building number: the whole "2/1" names the flat
        return m.group(1), (text[: m.start()] + " " + text[m.end():])
    floor = ""
    m = FLAT_FLOOR_RE.search(text) or FLOOR_RE.search(text)
    if m:  # "2nd floor flat"; a flat number given as well ("Flat 3, 2nd Floor") is the more precise
        floor, text = "FL" + FLOORS[m.group(1)], (text[: m.start()] + " " + text[m.end():])
    m = UNIT_RE.search(text)
    if m:
        return m.group(1), (text[: m.start()] + " " + text[m.end():])
    if floor:
        return floor, text
    m = FLOOR_ABBR_RE.search(text)
    if m:
        return "FL" + FLOOR_ABBR[m.group(1)], (text[: m.start()] + " " + text[m.end():])
    m = ANNEX_RE.search(text)
    if m:
        return "ANNEX", (text[: m.start()] + " " + text[m.end():])
    return "", text


def _leading_unit(segments: list[str]) -> tuple[str, list[str]]:
    """ "2, 14 Oak Lane": a first segment that is only a number, followed by a numbered street, is the flat."""
    if len(segments) >= 2 and NUMBER_TOKEN_RE.match(segments[0]) and re.match(r"^[0-9]+[A-Z]?\b", segments[1]):
        return segments[0], segments[1:]
    if (len(segments) >= 3 and NUMBER_TOKEN_RE.match(segments[0]) and not DIGITS_RE.search(segments[1])
            and re.match(r"^[0-9]+[A-Z]?\b", segments[2])):
        return segments[0], segments[1:]  # "6, Riverside Point, 64 Wollaton Road": flat 6 of a named block
    return "", segments


def _split_segments(segments: list[list[str]]) -> tuple[str, list[str], list[str], list[str]]:
    """Building number, house-name words, street words and locality words from comma-separated word lists.

    The street is what follows the number in its segment (or the next segment for "14, Oak Lane"); the house name
    is what comes before it; later segments are the locality. Without a number, a first segment followed by
    others is the house name ("The Willows, Oak Lane").
    """
    segments = [s for s in segments if s]
    for i, words in enumerate(segments):
        pos, number = _number_from(words)
        if pos < 0:
            continue
        if _is_block_flat(words, pos, segments[i + 1:]):
            continue  # "3 Marlborough Court, 112 Kings Road": 3 is the flat in the block, 112 the building
        name = [w for s in segments[:i] for w in s] + words[:pos]
        rest = segments[i + 1:]
        street = words[pos + 1:]
        if not street and rest:
            street, rest = rest[0], rest[1:]
        return number, name, street, [w for s in rest for w in s]
    if len(segments) >= 2:
        return "", segments[0], segments[1], [w for s in segments[2:] for w in s]
    return "", [], segments[0] if segments else [], []


BLOCK_WORDS = frozenset({"CT", "HO", "MANSIONS", "APTS", "TOWER", "POINT", "LDG", "BLDGS", "CHMBS", "HL", "MILL",
                         "WHARF", "QUAY", "PLAZA", "BLOCK", "FLATS", "WORKS", "STUDIOS"})


def _is_block_flat(words: list[str], pos: int, later: list[list[str]]) -> bool:
    """A number before a block's name ("3 Marlborough Court") with a numbered street after it is the flat."""
    rest = words[pos + 1:]
    return (pos == 0 and bool(words) and NUMBER_TOKEN_RE.match(words[0]) is not None and len(rest) >= 1
            and rest[-1] in BLOCK_WORDS and bool(later)
            and _number_from(later[0])[0] == 0)


def _number_from(tokens: list[str]) -> tuple[int, str]:
    """Position and value of the building number among tokens (first number or range), or (-1, "")."""
    for i, tok in enumerate(tokens):
        if NUMBER_TOKEN_RE.match(tok) or RANGE_TOKEN_RE.match(tok):
            return i, tok
    return -1, ""


@lru_cache(maxsize=500_000)
def parse_address(raw: str, postcode: str = "") -> ParsedAddress:
    """Parse a typed address (and its separate postcode field, if any) into a ParsedAddress."""
    raw = raw or ""
    text = _clean_text(raw)
    pc = normalise_postcode(postcode)
    m = POSTCODE_IN_TEXT_RE.search(text)
    if m and any(ch.isdigit() for ch in m.group(0)):
        # a word typed without a single digit is a word ("IPSWICH" is not IP5W 1CH with two slips): the keying
        # slips O/0, I/1, S/5 are corrected in a postcode, never used to make one out of a town's name
        in_text = normalise_postcode(m.group(1) + m.group(2))
        if in_text is not None:
            pc = pc or in_text
            text = text[: m.start()].strip(" ,")
    qualifier_match = QUALIFIER_RE.search(text) if QUALIFIER_HINT_RE.search(text) else None
    qualifier = qualifier_match.group(1) if qualifier_match else ""
    if qualifier_match:
        text = (text[: qualifier_match.start()] + " " + text[qualifier_match.end():]).strip(" ,")
    text = FORWARD_WORDS.sub(" ", text)
    unit, text = _extract_unit(text)
    number_alt = ""
    slash = SLASH_RE.search(text)
    if slash and not unit:  # "14/2 Oak Lane" (Edinburgh: building 14, flat 2) or "2/14" (flat 2 at 14): keep both
        number_alt = slash.group(2)
        unit = slash.group(2)
        text = text[: slash.start()] + slash.group(1) + text[slash.end():]
    segments = [s.strip() for s in text.split(",") if s.strip()]
    if not unit:
        unit, segments = _leading_unit(segments)
    words = [_words(s) for s in segments]
    if not unit and len(words) >= 2 and words[0] and _is_block_flat(words[0], 0, words[1:]):
        unit, words[0] = words[0][0], words[0][1:]
    number, name, street, locality = _split_segments(words)
    all_words = tuple(w for s in words for w in s)
    return ParsedAddress(raw=raw, postcode=pc, unit=unit, number=number, number_alt=number_alt,
                         name=" ".join(name), street=tuple(street), locality=tuple(locality), tokens=all_words,
                         qualifier=qualifier)
