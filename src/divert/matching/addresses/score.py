"""Compare a messy address with one canonical address: named pieces of evidence, points and a score.

Each comparison (`compare_*`) turns one kind of evidence into points, in the spirit of Fellegi-Sunter weights:
agreement on something rarely shared by chance (a UPRN, a full postcode, a building number) earns many points,
disagreement on something rarely mistyped costs many. The weights are reasoned from how UK addresses work and how
people mistype them, not fitted to any data set (see docs/address-matching.md). Some disagreements *cap* the
outcome at review whatever the points: a flat that does not agree, 14 vs 14A, "outside"/"near".

The score is a logistic of the points, in [0, 1]; it ranks candidates and is what the thresholds in decide.py read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.fuzz import ratio

from .areas import StreetAreas, TokenFrequencies, locality_words
from .normalise import ABBREVIATIONS, STREET_TYPES, ParsedAddress, core_street, fold_word
from .records import AddressRecord
from .uk_reference import uk_share

SCORE_MIDPOINT = 7.0  # points at which the score is 0.5
SCORE_SCALE = 1.2  # points per unit of log-odds

POSTCODE_POINTS = {"exact": 4.5, "typo": 2.5, "sector": 1.0, "district": -1.5, "area": -3.0, "different": -4.0,
                   "missing": 0.0}
NUMBER_POINTS = {"exact": 4.0, "range": 2.0, "suffix": -1.0, "conflict": -8.0, "missing_messy": -1.5,
                 "missing_canonical": -0.5, "both_missing": 0.0, "not_given": 0.0}
# A different flat of the same building (Flat 2 / Flat 3) is another home, as a different building number is
# another building: flat numbers are typed as carefully as building numbers, so the disagreement weighs the same
# and such a near miss is "none", not a review (a flat left out is not a conflict: "canonical_only", below).
UNIT_POINTS = {"exact": 1.5, "both_none": 0.5, "conflict": NUMBER_POINTS["conflict"], "messy_only": -1.0,
               "canonical_only": -1.0, "floor_vs_flat": -0.5, "not_given": 0.0, "letter_for_number": 0.5,
               "letter_vs_number": -4.0}
# "Flat B" for "Flat 2" ("Flat 2", "2" and "Flat B" are all ways of writing a flat): the same flat when
# one list letters a building's flats and the other numbers them. A building using both is rare; set False to send
# every such pair to review (docs/address-matching.md gives the figures both ways).
LETTER_NUMBER_FLATS_AGREE = True
UPRN_POINTS = {"exact": 12.0, "different": -4.0, "missing": 0.0}
NAME_POINTS = {"agree": 3.0, "differ": -1.0, "none": 0.0}
NAME_INSTEAD_OF_NUMBER = {"agree": 4.0, "differ": -2.5}  # the name is the identifier, as a number would be
PLACE_NAME_DIFFERS = -1.0  # only the place's own (business) name differs: it may not be on the building
NAMED_BUILDING_POINTS = 1.0
LOCALITY_POINTS = 2.5  # the most specific locality agrees: street + number + locality name one address
TOWN_POINTS = 1.0  # only a wider locality (the post town) agrees: street names repeat across its villages
# A typed postcode in the candidate's sector that is not a keying slip of its postcode (NG7 2XX for NG7 1AB) says
# the place is in that sector, i.e. in that town, and at another postcode unit of it. The town typed as well says
# the same thing again (a postcode sector lies inside one post town), so its agreement adds nothing on top of the
# sector's points; a town typed that the candidate does not name still counts against (ADR 0056). Without this a
# sector plus an agreeing town summed to an exact postcode (place_points caps at 4.5), and the neighbour at
# another postcode of the same street scored as the place itself.
POSTCODE_SAYS_TOWN = frozenset({"sector"})
UNIQUE_STREET_POINTS = 2.5  # no postcode, but the street name is found in the home's district only (areas.py)
# A street name word no more common than one in 100,000 UK address words (uk_address_matcher's national counts:
# "TIMBERLOG", "HARPUR", "CHERRYDOWN"; not "COVENTRY", "BOWER", "ORCHARD") names a handful of streets in the
# country: with the building number agreeing it says where the address is as a street found in one postcode
# district does (UNIQUE_STREET_POINTS). A round prior, not fitted: docs/address-matching.md gives the figures.
UK_RARE_SHARE = 1e-5
STREET_BANDS = ((0.95, 3.0), (0.85, 2.0), (0.70, 0.0), (0.0, -4.0))  # (similarity at least, points)
# A location giving a building number ("5 Conrad Road, Witham") against a register row that is a street alone, with
# no number, house name, business name or unit ("Conrad Road, Witham, Essex"): the street agrees, but the typed
# number says which building of it, and the register row names none. A call handler does not invent a number, so
# the pair is one building of the street against the street: the street's agreement is taken back (its top band)
# on top of the number missing on the canonical side. Not fitted: the street band's own points (ADR 0056).
STREET_ROW_NUMBER_TYPED = -STREET_BANDS[0][1]
DISTANCE_BANDS = ((25, 3.0), (100, 1.5), (400, 0.0), (2000, -2.0), (math.inf, -5.0))  # (metres at most, points)
# Evidence weighed by how often its words occur in the data (areas.TokenFrequencies), as log-likelihood ratios
# ln(m/u) turned into points at SCORE_SCALE points per unit of log-odds. u comes from the data; m is the chance
# that a true pair shows the agreement, a prior from how locations are typed (a town is typed or dropped, not
# changed), not fitted to any file.
M_LOCALITY = 0.9  # a locality word of the true address appears in the typed location (when one is typed)
M_EXTRA_LOCALITY = 0.1  # the typed location names a town or village its true address does not
TEXT_BANDS = ((0.85, NAME_INSTEAD_OF_NUMBER["agree"] + STREET_BANDS[0][1]), (0.65, STREET_BANDS[0][1]),
              (0.45, 0.0), (0.0, STREET_BANDS[-1][1]))  # weighted word agreement when neither side has a number
# Words left out at the exact postcode count as the top band (ADR 0048), but an omission is less likely than
# typing every word: a place whose words were all typed ("Basildon Hospital, Nether Mayne") is not tied with one
# that needs words left out ("Education Centre, Basildon Hospital, Nether Mayne"). The omission earns the top band
# less the runner-up margin of decide.py (2 points): at the exact postcode it still links alone (ADR 0053).
TEXT_LEFT_OUT_POINTS = TEXT_BANDS[0][1] - 2.0
FUZZY_WORD = 80  # a word of 5+ letters one keying slip from another (rapidfuzz ratio of 5 letters, 1 changed: 80)
NAME_AGREE = 0.88
# a street word typed with one keying slip ("GARDXN", "STKEET" for STREET) is as good as the 0.95 band: the slip
# rate of typed text, not a different street (a different street differs in more than one letter or is short)
ONE_SLIP_SIMILARITY = 95.0
# a street descriptor left out altogether ("14 Timberlog" for "14 Timberlog Lane") scores as a one-letter slip of
# a short word would: "Oak Road" typed for "Oak Lane" (another descriptor) still scores low
DESCRIPTOR_LEFT_OUT = 80.0
# A word of the street left out ("13 Hart St" for "13 White Hart Street", "121 Street" for "121 High Street") is
# an omission, not another street: when the postcode (exactly, or one keying slip from it: ADR 0056) and the
# building number agree and every word typed is a word of the candidate (nothing typed contradicts it), the street
# counts in the band a descriptor left out would (0.85: +2), not as a street that disagrees. Another street at the
# same postcode with the same number is typed with words of its own, which the candidate does not have.
WORDS_LEFT_OUT_SIMILARITY = STREET_BANDS[1][0]
# A flat that disagrees, or is on one side only, caps at review: a location typed without the flat may be another
# flat of the building (measured: uncapping the missing flat put 40 wrong links into the demo city, where homes are
# flats among others).
CAPPING = {"unit": {"conflict", "messy_only", "canonical_only", "floor_vs_flat", "letter_for_number",
                    "letter_vs_number"},
           "number": {"suffix", "range"}}


SPELT_OUT: dict[str, list[str]] = {}
for _long, _short in ABBREVIATIONS.items():
    SPELT_OUT.setdefault(_short, []).append(_long)


@dataclass(slots=True)
class PairScore:
    """One candidate for one messy address: how much evidence, which, and what it may lead to."""

    index: int  # position of the canonical record in the index
    points: float
    score: float
    method: str
    capped: list[str] = field(default_factory=list)  # reasons the pair may at most be sent for review
    evidence: dict = field(default_factory=dict)


def points_to_score(points: float) -> float:
    """Logistic map from points to a score in [0, 1] (0.5 at SCORE_MIDPOINT)."""
    return 1.0 / (1.0 + math.exp(-(points - SCORE_MIDPOINT) / SCORE_SCALE))


def compare_uprn(m: AddressRecord, c: AddressRecord) -> str:
    if not m.uprn or not c.uprn:
        return "missing"
    return "exact" if m.uprn == c.uprn else "different"


def _one_edit_apart(a: str, b: str) -> bool:
    """Equal length and one substitution, or one adjacent transposition (NG7 1AB / NG7 1BA)."""
    if len(a) != len(b):
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 1:
        return True
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


def compare_postcode(m: ParsedAddress, c: ParsedAddress) -> str:
    """exact, typo (one keying slip), sector, district, area (same area, other district), different, missing."""
    if m.postcode is None or c.postcode is None:
        return "missing"
    mp, cp = m.postcode, c.postcode
    if mp.unit == cp.unit:
        return "exact"
    if _one_edit_apart(mp.compact, cp.compact):
        return "typo"
    if mp.sector == cp.sector:
        return "sector"
    if mp.district == cp.district:
        return "district"
    return "area" if mp.area == cp.area else "different"


def unit_typed_as_number(mp: ParsedAddress) -> ParsedAddress:
    """The location with its building number read as a unit ("3 Elms Park" as "Unit 3, Elms Park"): used when the
    candidate has a unit and no building number, so a typed number can only be the unit's, its word left out."""
    tokens = list(mp.tokens)
    if mp.number in tokens:
        tokens.remove(mp.number)
    return replace(mp, unit=mp.number, number="", number_alt="", tokens=tuple(tokens),
                   street=tuple(w for w in mp.street if w != mp.number))


def _range(number: str) -> tuple[int, int] | None:
    if "-" not in number:
        return None
    lo, hi = number.split("-", 1)
    lo_d, hi_d = "".join(ch for ch in lo if ch.isdigit()), "".join(ch for ch in hi if ch.isdigit())
    return (int(lo_d), int(hi_d)) if lo_d and hi_d else None


def compare_number(m: ParsedAddress, c: ParsedAddress) -> str:
    """exact (14 = 14, 14A = 14A), range (14 in 14-16), suffix (14 / 14A),
    conflict (12 / 14, 14A / 14C), or which side has none."""
    if not m.number and not c.number:
        return "both_missing"
    if not m.number:
        return "missing_messy"
    if not c.number:
        return "missing_canonical"
    if m.number == c.number:
        return "exact"
    m_range, c_range = _range(m.number), _range(c.number)
    if m_range or c_range:
        lo, hi = c_range or m_range  # type: ignore[misc]
        single = m.digits if c_range else c.digits
        if not (m_range and c_range) and single and lo <= int(single) <= hi and int(single) % 2 == lo % 2:
            return "range"  # odd and even numbers face each other: 2 is not in 1-3
        return "conflict"
    if m.digits == c.digits:
        m_suffix, c_suffix = m.number[len(m.digits):], c.number[len(c.digits):]
        if m_suffix and c_suffix:
            return "conflict"  # 14A and 14C are two buildings
        if c_suffix and m.unit == c_suffix or m_suffix and c.unit == m_suffix:
            return "exact"  # "14A" written as "Flat A, 14"
        return "suffix"
    return "conflict"


def _range_end(m_number: str, c_number: str) -> bool:
    """Whether one side's single number is an end of the other side's range: "65" for "65-67" (or "67"). A building
    numbered 65-67 is at 65 and at 67, and is typed as either; a number inside the range (15 of 13-17) may be
    another building between them, so it stays a review."""
    single, ranged = (m_number, c_number) if _range(c_number) else (c_number, m_number)
    bounds = _range(ranged)
    digits = "".join(ch for ch in single if ch.isdigit())
    return bounds is not None and digits != "" and single == digits and int(digits) in bounds


def compare_unit(m: ParsedAddress, c: ParsedAddress, number: str) -> str:
    """exact, both_none, conflict (Flat 2 / Flat 3), floor_vs_flat (2nd floor flat / Flat 2), or one side only."""
    m_unit, c_unit = m.unit, c.unit
    if number == "exact" and m.number != c.number:  # the suffix carried the flat: already compared
        return "exact"
    if not m_unit and not c_unit:
        return "both_none"
    if m_unit == c_unit:
        return "exact"
    if not m_unit:
        return "canonical_only"
    if not c_unit:
        return "messy_only"
    if m_unit.startswith("FL") != c_unit.startswith("FL"):
        return "floor_vs_flat"
    if _letter_number(m_unit, c_unit) or _letter_number(c_unit, m_unit):
        return "letter_for_number"
    if m_unit.isalpha() != c_unit.isalpha() and (m_unit.isdigit() or c_unit.isdigit()):
        return "letter_vs_number"  # "Flat C" / "Flat 5": one list letters the flats in its own order
    return "conflict"


def _letter_number(letter: str, number: str) -> bool:
    """ "E" and "5": a letter whose place in the alphabet is the number."""
    return len(letter) == 1 and letter.isalpha() and number.isdigit() and ord(letter) - 64 == int(number)


def street_similarity(c_words: tuple[str, ...], m_words: tuple[str, ...],
                      localities: frozenset[str] | set[str] = frozenset()) -> float | None:
    """How well the canonical street's words are found among the messy address's words, in [0, 1].

    Each canonical word takes its best fuzzy match among the messy words (typos allowed); descriptors (RD, ST)
    weigh half, since "Oak Road" for "Oak Lane" is a common slip but "Elm Lane" for "Oak Lane" is another street.
    """
    core = core_street(c_words)
    if not core or not m_words:
        return None
    if localities and not any(w in STREET_TYPES for w in core[1:]):
        # no descriptor ends the street ("HARPUR CENTRE BEDFORD", "THE BROADWAY BEDFORD"): its last words, when
        # the data know them as localities, are its town and county (compared as the locality), not street words;
        # only trailing ones, at most two, never its first word ("LONG RIDING BASILDON" is not "BASILDON")
        core = without_trailing_localities(core, localities)
    total = weight_sum = 0.0
    for word in core:
        weight = 0.5 if word in STREET_TYPES else 1.0
        best = 100.0 if word in m_words else max(ratio(word, other) for other in m_words)
        if best < 100.0 and (best >= FUZZY_WORD or word in SPELT_OUT) and _one_slip_found(word, m_words):
            # (one slip in a word of 5+ letters has a ratio of at least 80; a descriptor is matched spelt out)
            best = max(best, ONE_SLIP_SIMILARITY)  # "GARDXN CLOSE", "HIGH STKEET": one keying slip is the same word
        elif best < 100.0 and word in STREET_TYPES and not any(w in STREET_TYPES for w in m_words):
            best = DESCRIPTOR_LEFT_OUT  # "207 TIMBERLOG BASILDON": no descriptor typed at all is not another one
        total += weight * best
        weight_sum += weight
    return total / weight_sum / 100.0


def without_trailing_localities(words: tuple[str, ...], localities: frozenset[str] | set[str]
                                 ) -> tuple[str, ...]:
    """The words without their last one or two when those are known localities, keeping the first word."""
    end = len(words)
    while end > 1 and len(words) - end < 2 and words[end - 1] in localities:
        end -= 1
    return words[:end]


def _one_slip_found(word: str, m_words: tuple[str, ...]) -> bool:
    """Whether a word (or a descriptor's spelt-out form: ST -> STREET) is typed with one keying slip: one letter
    changed, added, dropped or two swapped, in a word of at least 5 letters (shorter words are too easily another
    word)."""
    forms = [word] + SPELT_OUT.get(word, [])
    return any(len(f) >= 5 and len(w) >= 4 and _one_slip(f, w) for f in forms for w in m_words)


def _one_slip(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return _one_edit_apart(a, b)
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def name_similarity(c: AddressRecord, m: ParsedAddress) -> tuple[float | None, bool]:
    """Similarity of the canonical house name (or the place's own name) to the messy address's words, and whether
    the canonical address has a house name of its own (not only a business name)."""
    names = [n for n in (c.parsed.name, _fold_name(c.name)) if len(n) >= 3]
    haystack = m.name or " ".join(m.tokens)
    if not names or not haystack:
        return None, bool(c.parsed.name)
    return max(fuzz.token_set_ratio(n, haystack) for n in names) / 100.0, len(c.parsed.name) >= 3


@lru_cache(maxsize=100_000)
def _fold_name(name: str) -> str:
    from .normalise import parse_address

    return " ".join(fold_word(w) for w in parse_address(name).tokens) if name else ""


def _without_first(words: tuple[str, ...], drop: list[str]) -> tuple[str, ...]:
    """The words with the first occurrence of each of `drop` taken out ("HOLLY BANK HOLLY LN" - HOLLY BANK)."""
    out = list(words)
    for word in drop:
        if word in out:
            out.remove(word)
    return tuple(out)


def _only_words_left_out(cp: ParsedAddress, m_street: tuple[str, ...]) -> bool:
    """Whether every word typed after the number is a word of the canonical address (one keying slip, or a
    descriptor spelt out, allowed) and at least one of them is a word of its street: the typed street is the
    canonical one with words left out, not another street."""
    if not m_street:
        return False
    c_words = _text_words(cp.tokens)
    if not all(_found(w, c_words) or _slip_of(w, _spelt_out(c_words)) for w in m_street):
        return False
    typed = frozenset(m_street)
    return any(_found(w, typed) for w in core_street(cp.street))


def _name_part(tokens: tuple[str, ...], localities: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The words before the street of an address written without commas: before the word that precedes its
    first descriptor ("CASTLEDON SCHOOL" of "CASTLEDON SCHOOL BROMFORDS DRIVE WICKFORD"); without a descriptor,
    every word but its town and county ("THE BEEHIVE PUBLIC HOUSE" of "... BASILDON ESSEX")."""
    last = max((i for i, word in enumerate(tokens) if i > 0 and word in STREET_TYPES), default=None)
    if last is not None:
        return tokens[: last - 1]
    return without_trailing_localities(tokens, localities)


def _name_words_left_out(c_tokens: tuple[str, ...], m_tokens: tuple[str, ...],
                         localities: frozenset[str] | set[str]) -> bool:
    """Whether an unnumbered location is its canonical address with words left out ("Castledon School Dr" for
    "Castledon School Bromfords Drive", "Rosemary, Halstead" for "Rosemary Lane Halstead"): every word typed is a
    word of the canonical address (one keying slip, or a descriptor spelt out, allowed), at least two are typed,
    and either a word of the place's name (before its street) is typed, or every word of the address but its
    descriptors and town is: not only a street of a named place ("Church Lane" is any house in it).

    Since ADR 0058 a word of the name that is a descriptor counts as a name word when the street does not have it
    ("Farm Blackmore Rd" for "Spring Farm, Blackmore Road": the farm is the place, Blackmore Road its street), and
    an address that is a street alone, with no name ("London Road, Feering"), is typed with a word of its street
    left out when a word of its street is typed ("Rd Feering, Essex"): it has no name to leave out, and no other
    place's words were typed (`name_word_or_street_row`)."""
    m_words = _text_words(m_tokens)
    c_words = _text_words(c_tokens)
    if len(m_words) < 2 or not all(_found(w, c_words) or _slip_of(w, _spelt_out(c_words)) for w in m_words):
        return False
    name_words = _name_part(c_tokens, localities)
    name = frozenset(w for w in name_words if len(w) >= 3 and w not in STREET_TYPES)
    if name:
        if any(_found(w, name) for w in m_words if w not in STREET_TYPES):
            return True
        return name_word_or_street_row(c_tokens, name_words, m_words, localities)
    own = [w for w in without_trailing_localities(c_tokens, localities) if w not in STREET_TYPES and len(w) >= 3]
    if own and all(_found(w, m_words) for w in own):
        return True
    return name_word_or_street_row(c_tokens, name_words, m_words, localities)


def name_word_or_street_row(c_tokens: tuple[str, ...], name_words: tuple[str, ...], m_words: frozenset[str],
                            localities: frozenset[str] | set[str]) -> bool:
    """The two readings of words left out that ADR 0058 adds, for a location whose every word is a word of the
    canonical address: a descriptor of the place's name typed that its street does not have ("FM" of "SPRING FM
    BLACKMORE RD"), or, for an address with no name (a street alone: "LONDON RD FEERING ESSEX"), a word of its
    street typed ("RD FEERING ESSEX"), not only its town (a word of the street the data also know as a town, the
    FEERING of "FEERING RD KELVEDON", may name the town alone). Either way nothing typed belongs to another place, and
    what was left out is a word of this one (measured on FHRS development seeds 1-6: 16 true pairs at 8 points,
    no non-member, ADR 0058)."""
    street_part = c_tokens[len(name_words):]
    if name_words:
        return any(w in name_words and w not in street_part for w in m_words)
    own_street = without_trailing_localities(c_tokens, localities)
    return any(w in own_street and (w in STREET_TYPES or w not in localities) for w in m_words)  # not a town


def _uk_rare_street_word(core: tuple[str, ...], typed: frozenset[str]) -> bool:
    """Whether a word of the street's own name (4+ letters, not its descriptor), typed as it is, is rare in UK
    addresses (uk_reference.py): at most UK_RARE_SHARE of all address words."""
    return any(len(w) >= 4 and w.isalpha() and w not in STREET_TYPES and w in typed and uk_share(w) <= UK_RARE_SHARE
               for w in core)


def _uk_rare_word(c_tokens: tuple[str, ...], typed: frozenset[str], droppable: frozenset[str]) -> bool:
    """Whether a word of 5+ letters of the address, typed as it is and not its town or county, is rare in UK
    addresses (at most UK_RARE_SHARE of all address words), as a register-unique word is in the register."""
    return any(len(w) >= 5 and w.isalpha() and w in typed and w not in droppable and w not in STREET_TYPES
               and uk_share(w) <= UK_RARE_SHARE for w in c_tokens)


def place_points(parts: list[float]) -> float:
    """Postcode, locality, street area and distance all say where the address is: together their agreement never
    counts for more than an exact postcode (they would say the same thing twice, and a candidate with a slipped
    postcode but a close grid reference would outrank the exact one); each disagreement counts in full."""
    agreeing = sum(p for p in parts if p > 0)
    return min(agreeing, POSTCODE_POINTS["exact"]) + sum(p for p in parts if p < 0)


def band(value: float, bands: tuple[tuple[float, float], ...], *, at_least: bool) -> float:
    for limit, pts in bands:
        if (value >= limit) if at_least else (value <= limit):
            return pts
    return bands[-1][1]


def _found(word: str, words: frozenset[str]) -> bool:
    if word in words:
        return True
    return len(word) >= 5 and any(len(w) >= 4 and ratio(word, w) >= FUZZY_WORD for w in words)


@lru_cache(maxsize=200_000)
def _text_words(tokens: tuple[str, ...]) -> frozenset[str]:
    """The words of an address for whole-text comparison: hyphenated names in their parts ("ASHBY-DE-LA-ZOUCH"
    is typed "ASHBY"), number ranges kept whole."""
    out: set[str] = set()
    for token in tokens:
        if "-" in token and not token[0].isdigit():
            out.update(part for part in token.split("-") if part)
        else:
            out.add(token)
    return frozenset(out)


def text_similarity(c_tokens: tuple[str, ...], m_tokens: tuple[str, ...], freqs: TokenFrequencies,
                    droppable: frozenset[str] = frozenset()) -> float:
    """Weighted agreement of two addresses' words, in [0, 1]: the rare words' weight shared over the weight of all
    words on either side (a weighted Jaccard, each word weighing ln(1/u), its Fellegi-Sunter agreement weight).
    Punctuation, commas and word order do not matter. `droppable` words of the canonical address (its town and
    county) do not count against it when they are not typed: a dropped town is not a conflict."""
    c_set, m_set, droppable = _text_words(c_tokens), _text_words(m_tokens), _text_words(tuple(droppable))
    shared = total = 0.0
    for word in c_set:
        w = freqs.weight(word, 1.0) + 0.1
        if _found(word, m_set) or _spelt_out_found(word, m_set):
            shared += w
            total += w
        elif word not in droppable:
            total += w
    for word in m_set:
        if not _found(word, c_set) and not _slip_of(word, _spelt_out(c_set)):
            total += freqs.weight(word, 1.0) + 0.1
    return shared / total if total else 0.0


@lru_cache(maxsize=100_000)
def _spelt_out(words: frozenset[str]) -> frozenset[str]:
    """The spelt-out forms of the folded words among `words` (IND -> INDUSTRIAL, EST -> ESTATE)."""
    return frozenset(long for w in words for long in SPELT_OUT.get(w, ()))


def words_all_typed(c_tokens: tuple[str, ...], m_tokens: tuple[str, ...], towns: frozenset[str]) -> bool:
    """Whether every word of a canonical address but `towns` (its town, village or county) is found among the
    typed words: exactly, with one keying slip (5+ letters), or a folded word typed spelt out."""
    return words_not_typed(c_tokens, m_tokens, towns) == 0


def words_not_typed(c_tokens: tuple[str, ...], m_tokens: tuple[str, ...], towns: frozenset[str]) -> int:
    """How many words of a canonical address but `towns` are not found among the typed words (as in
    words_all_typed): each is one word the location left out."""
    m_set = _text_words(m_tokens)
    return sum(1 for w in _text_words(c_tokens)
               if w not in towns and not (_found(w, m_set) or _spelt_out_found(w, m_set)))


def _spelt_out_found(word: str, words: frozenset[str]) -> bool:
    """A folded word whose spelt-out form is typed with one keying slip ("INDUSTRVAL" for IND, "ESTATR" for EST):
    folding could not shorten the mistyped word, so it is compared spelt out."""
    return any(_slip_of(long, words) for long in SPELT_OUT.get(word, ()))


def _slip_of(word: str, words: frozenset[str]) -> bool:
    """`word` (5+ letters) typed among `words` with one slip: a length within one letter and a ratio of at least
    FUZZY_WORD (the length test first: it is what keeps this cheap)."""
    n = len(word)
    return n >= 5 and any(abs(len(w) - n) <= 1 and ratio(word, w) >= FUZZY_WORD for w in words)


def _register_unique_word(c_tokens: tuple[str, ...], m_tokens: tuple[str, ...], droppable: frozenset[str],
                          freqs: TokenFrequencies) -> bool:
    """Whether a word of 5+ letters typed exactly, not the town or county, is found in this register address only."""
    typed = frozenset(m_tokens)
    return any(len(w) >= 5 and w in typed and w not in droppable and w not in STREET_TYPES
               and not w[0].isdigit() and freqs.only_in_one_register_address(w) for w in c_tokens)


def trailing_localities(cp: ParsedAddress, freqs: TokenFrequencies) -> list[str]:
    """The town and county of an address whose street has no descriptor ("1 LONG RIDING BASILDON ESSEX", "THE
    GORE BASILDON"): its last words that the data show as localities elsewhere (words typed after a street's
    descriptor, areas.TokenFrequencies), at most two, never the first word after the number. Without them such an
    address would have no locality to agree on."""
    words = [w for w in cp.tokens if w != cp.number]
    out: list[str] = []
    for word in reversed(words[1:]):
        if word not in freqs.localities or word[0].isdigit() or word in STREET_TYPES or len(out) == 2:
            break
        out.insert(0, word)
    return out


def locality_points(mp: ParsedAddress, cp: ParsedAddress, freqs: TokenFrequencies, ev: dict) -> float:
    """Where the town or village says the address is, weighed by how rare the word is: the rarest locality word of
    the canonical address found in the typed one earns ln(M_LOCALITY/u); a town or village typed that the
    canonical address does not name costs ln(M_EXTRA_LOCALITY)."""
    words = frozenset(mp.tokens)
    c_words = frozenset(cp.tokens)
    c_localities = [w for w in locality_words(cp) if not w[0].isdigit()] or trailing_localities(cp, freqs)
    agreeing = [w for w in c_localities if _found(w, words)]  # "BEDFOLD" is Bedford with one slip
    pts = 0.0
    if agreeing and agreeing[0] == c_localities[0]:  # the most specific locality is typed: weighed by its rarity
        # never below the fixed weight: street, number and locality are not independent (a street name is rare
        # within its village), so a common village's own ln(m/u) understates the three together
        pts = max(LOCALITY_POINTS, SCORE_SCALE * freqs.weight(agreeing[0], M_LOCALITY))
        ev["locality"] = "specific"
    elif agreeing:  # only a wider one (the post town): its streets repeat across its villages
        pts = min(TOWN_POINTS, SCORE_SCALE * max(freqs.weight(w, M_LOCALITY) for w in agreeing))
        ev["locality"] = "town"
    extra = [w for w in words - c_words if w in freqs.localities and w not in mp.street[:1] and not _found(w, c_words)]
    if extra:
        ev["locality_extra"] = len(extra)
        pts += SCORE_SCALE * math.log(M_EXTRA_LOCALITY)
    return pts


def score_pair(m: AddressRecord, c: AddressRecord, index: int, areas: StreetAreas | None = None,
               freqs: TokenFrequencies | None = None) -> PairScore:
    """All the evidence for one messy/canonical pair, its points, its score and how it was decided."""
    mp, cp = m.parsed, c.parsed
    ev: dict = {}
    capped: list[str] = []
    points = 0.0
    ev["uprn"] = compare_uprn(m, c)
    points += UPRN_POINTS[ev["uprn"]]
    ev["postcode"] = compare_postcode(mp, cp)
    place = [POSTCODE_POINTS[ev["postcode"]]]  # where it is: postcode, locality, street area, distance
    given = bool(mp.tokens)  # a location typed as nothing but its UPRN says nothing about number or flat
    number = compare_number(mp, cp) if given else "not_given"
    other = mp.other_reading()
    if mp.number_alt and cp.number == f"{mp.number}-{mp.number_alt}":
        mp = replace(mp, number=cp.number, unit="", number_alt="")  # "65/67": the range written with a slash
        number = "exact"
        ev["reading"] = "range"
    elif other is not None and number == "conflict" and compare_number(other, cp) != "conflict":
        mp = other  # "2/14": the flat-then-building reading fits this candidate
        number = compare_number(mp, cp)
        ev["reading"] = "swapped"
    elif number == "missing_canonical" and cp.unit and not mp.unit:
        # "3 Elms Park" for "Unit 3, Elms Park": the candidate has no building number, so the typed one is a unit's
        # number with its word left out, and is compared as the unit ("7 Elms Park" is another unit: a conflict)
        mp = unit_typed_as_number(mp)
        number = "both_missing"
        ev["reading"] = "unit"
    ev["number"] = number
    name, has_house_name = name_similarity(c, mp)
    name_state = "none" if name is None else ("agree" if name >= NAME_AGREE else ("differ" if mp.name else "none"))
    ev["name"] = name_state
    words_pts = 0.0  # what the name, street and number say
    if name_state == "differ" and not has_house_name:
        words_pts += PLACE_NAME_DIFFERS
    elif name_state != "none" and not mp.number:
        words_pts += NAME_INSTEAD_OF_NUMBER[name_state]
    else:
        words_pts += NAME_POINTS[name_state]
    m_street = mp.after_number or mp.tokens
    if name_state == "agree" and not mp.number and not mp.name:  # "Rose Cottage Mill Lane": the name is no street
        m_street = _without_first(m_street, (cp.name or _fold_name(c.name)).split())
    street = street_similarity(cp.street, m_street, freqs.localities if freqs is not None else frozenset())
    if (street is not None and street < WORDS_LEFT_OUT_SIMILARITY and number == "exact"
            and ev["postcode"] in ("exact", "typo") and _only_words_left_out(cp, m_street)):
        ev["street_left_out"] = True
        street = WORDS_LEFT_OUT_SIMILARITY
    if street is not None:
        ev["street"] = round(street, 3)
        words_pts += band(street, STREET_BANDS, at_least=True)
    if number == "missing_messy" and name_state == "agree":
        words_pts += 0.0  # a house name given instead of the number is normal
    elif number == "both_missing" and name_state == "agree":
        words_pts += NAMED_BUILDING_POINTS  # no number anywhere: the name is the building's identifier
    elif (number == "missing_canonical" and not has_house_name and not c.name and not cp.unit and name_state == "none"
          and not _name_part(cp.tokens, freqs.localities if freqs is not None else frozenset())):
        # the canonical address is a street alone (FHRS lists market pitches, mobile traders and premises known only
        # by their street so); a location giving a building number is one building of that street, not the street
        ev["street_only"] = True
        words_pts += NUMBER_POINTS[number] + STREET_ROW_NUMBER_TYPED
    else:
        words_pts += NUMBER_POINTS[number]
    whole_text = freqs is not None and number == "both_missing" and not c.name
    if whole_text and freqs is not None:
        # Neither side has a number ("POST OFFICE, CHAPEL ST, SHIPDHAM"): the words are the identifier, where
        # the commas fall says nothing; every word counts by its rarity. The town and county (words after the
        # street, or the last words when they are known localities) may be dropped. Where the comma-parsed house
        # name agrees and the words do not contradict it ("Rose Cottage" for "Rose Cottage, Church Lane"), the
        # stronger of the two readings counts.
        droppable = frozenset(locality_words(cp)) | (freqs.localities & frozenset(cp.tokens[-2:]))
        text = text_similarity(cp.tokens, mp.tokens, freqs, droppable)
        if (ev["postcode"] == "exact" and TEXT_BANDS[2][0] <= text < TEXT_BANDS[0][0]
                and _name_words_left_out(cp.tokens, mp.tokens, freqs.localities)):
            # words left out at the exact postcode, none contradicting; from the neutral band (0.45) since ADR 0056
            ev["text_left_out"] = round(text, 3)
            text = TEXT_BANDS[0][0]
        ev["text"] = round(text, 3)
        text_pts = band(text, TEXT_BANDS, at_least=True)
        if "text_left_out" in ev:
            text_pts = TEXT_LEFT_OUT_POINTS  # enough to link alone, never a tie with a place whose words were typed
        parsed_name_holds = name_state == "agree" and text >= TEXT_BANDS[2][0]
        words_pts = max(words_pts, text_pts) if parsed_name_holds else text_pts
        if text >= TEXT_BANDS[0][0]:
            ev["name"] = name_state = "agree"
            if mp.postcode is None and _register_unique_word(cp.tokens, mp.tokens, droppable, freqs):
                # no postcode, but the words agree and one of them is in no other register address: that word
                # says where as a unique street does (areas.StreetAreas)
                ev["text_unique"] = True
                place.append(UNIQUE_STREET_POINTS)
            elif mp.postcode is None and _uk_rare_word(cp.tokens, frozenset(mp.tokens), droppable):
                ev["text_unique"] = "uk_rare"  # one of the agreeing words is rare in the whole UK
                place.append(UNIQUE_STREET_POINTS)
        elif not parsed_name_holds and name_state == "agree":
            ev["name"] = name_state = "differ"
    points += words_pts
    unit = compare_unit(mp, cp, number) if given else "not_given"
    ev["unit"] = unit
    points += UNIT_POINTS[unit]
    ev["what"] = round(words_pts + UNIT_POINTS[unit], 2)  # what the words say the place is (not where)
    if ev["postcode"] == "exact" and given and mp.tokens == cp.tokens and mp.unit == cp.unit \
            and mp.number == cp.number:
        ev["same_text"] = True  # typed word for word as this address, with its postcode (decide.py)
    if freqs is not None and ev["postcode"] != "exact":
        # also after the whole text: its words said *what* the place is, the locality says *where* (as street and
        # locality do for a numbered address)
        town = locality_points(mp, cp, freqs, ev)
        if ev["postcode"] in POSTCODE_SAYS_TOWN:
            town = min(town, 0.0)  # the typed postcode's sector already says the town: only a contradiction counts
        place.append(town)
    elif cp.locality and ev["postcode"] != "exact":
        words = set(mp.tokens)
        if cp.locality[0] in words:
            ev["locality"] = "specific"
            place.append(LOCALITY_POINTS)
        elif words & set(cp.locality):
            ev["locality"] = "town"
            place.append(TOWN_POINTS)
    # a street found in one district says where as the town does, and counts with it (ADR 0056): place_points caps
    # the two together at an exact postcode
    if (areas is not None and mp.postcode is None and cp.postcode is not None
            and (street or 0) >= 0.85 and areas.only_district(cp.street) == cp.postcode.district):
        ev["street_area"] = "unique"
        place.append(UNIQUE_STREET_POINTS)
    elif (mp.postcode is None and number == "exact" and (street or 0) >= STREET_BANDS[0][0]
          and _uk_rare_street_word(core_street(cp.street), frozenset(mp.tokens))):
        ev["street_area"] = "uk_rare"  # the street's name is rare in the whole of the UK: it says where
        place.append(UNIQUE_STREET_POINTS)
    if m.has_point and c.has_point:
        metres = math.hypot(m.easting - c.easting, m.northing - c.northing)  # type: ignore[operator]
        ev["distance_m"] = round(metres)
        place.append(band(metres, DISTANCE_BANDS, at_least=False))
    points += place_points(place)
    if unit == "letter_for_number" and LETTER_NUMBER_FLATS_AGREE:
        pass
    elif unit in CAPPING["unit"] and (ev["uprn"] != "exact" or unit == "conflict"):
        capped.append(f"unit_{unit}")  # a matching UPRN names the flat itself, unless the text contradicts it
    placed = (ev["postcode"] == "exact" or ev["uprn"] == "exact"
              or ev.get("distance_m", math.inf) <= DISTANCE_BANDS[0][0])
    if number in CAPPING["number"] and not (number == "range" and placed and _range_end(mp.number, cp.number)):
        capped.append(f"number_{number}")  # an end of a range links only at the range's own postcode or point
    if mp.qualifier and mp.qualifier != cp.qualifier:
        capped.append("qualifier")  # beside the address; not when the address is itself listed so ("Rear of 17")
    ev["points"] = round(points, 2)
    return PairScore(index=index, points=points, score=points_to_score(points), method=method_of(ev),
                     capped=capped, evidence=ev)


def method_of(ev: dict) -> str:
    """The strongest kind of evidence the pair rests on, from exact to fuzzy."""
    if ev["uprn"] == "exact":
        return "uprn"
    if ev["postcode"] == "exact":
        if ev["number"] == "exact":
            return "postcode+number"
        if ev["name"] == "agree":
            return "postcode+name"
        return "postcode+text"
    if ev["number"] == "exact" or ev["name"] == "agree":
        return "text"
    if ev.get("distance_m") is not None and ev["distance_m"] <= DISTANCE_BANDS[0][0]:
        return "distance"
    return "text"
