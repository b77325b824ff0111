"""How call handlers and officers type a location: the one error model for the public address benchmark.

Written from how locations are keyed in police command-and-control and crime systems (College of Policing APP:
"Information management", free-text location fields; the uk_address_matcher test cases; the Royal Mail PAF
guide's list of common abbreviations), never from Divert's demo generator. Each operation below is one kind of
slip, applied independently with the stated probability; `messy_variant` draws them from a seeded
`random.Random`, so every `--seed` is a fresh, reproducible draw.

Kinds of record made from a register (`make_messy`):
- *member*: a register address typed with slips (truth: that address);
- *non-member*: an address of the same public file not put in the register and not at a register address's
  building (same postcode and number, or nearly the same words) (truth: none);
- *near miss*: a register address with another building number (not on that street in the register, under any
  postcode) or another flat that is not in the register (truth: none: a neighbour is not the home).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# Probabilities, each the chance that one record shows the slip. Round numbers on purpose: the model is a
# description of kinds of slip, not a fit to any file.
P_LOWER = 0.30  # typed in lower or title case
P_COMMA = 0.35  # commas put between words, sometimes inside a name ("CLAY, HILL RD")
P_PUNCT = 0.10  # full stops or other punctuation after abbreviations ("ST.", "RD.")
P_ABBREV = 0.45  # a descriptor abbreviated or spelt out (ROAD <-> RD, STREET <-> ST)
P_AND = 0.60  # "&" for "AND" and back, where there is one
P_DROP_TOWN = 0.30  # the town or county dropped (last one or two words)
P_NO_POSTCODE = 0.12  # postcode field blank
P_BAD_POSTCODE = 0.08  # one character of the postcode mistyped or two swapped
P_POSTCODE_SPACE = 0.20  # postcode without its space or in the text
P_DROP_UNIT = 0.35  # "FLAT 2"/"UNIT 3" left out, where there is one
P_DROP_NAME = 0.15  # a leading building or business name left out when a number follows
P_TYPO = 0.12  # one letter of a long word mistyped
P_OMIT = 0.06  # one word left out
P_SWAP = 0.04  # two neighbouring words swapped

ABBREVIATIONS = {"ROAD": "RD", "STREET": "ST", "AVENUE": "AVE", "LANE": "LN", "DRIVE": "DR", "CLOSE": "CL",
                 "COURT": "CT", "CRESCENT": "CRES", "PLACE": "PL", "SQUARE": "SQ", "GARDENS": "GDNS",
                 "TERRACE": "TER", "PARK": "PK", "GREEN": "GRN", "INDUSTRIAL": "IND", "ESTATE": "EST",
                 "SAINT": "ST", "HOUSE": "HO", "UNIT": "UNIT"}
EXPANSIONS = {v: k for k, v in ABBREVIATIONS.items() if v not in ("ST", "UNIT")} | {"ST": "STREET"}
UNIT_RE = re.compile(r"\b(FLAT|UNIT|APARTMENT|SUITE)\s+([0-9]+[A-Z]?|[A-Z])\b")
NUMBER_RE = re.compile(r"^([0-9]+)([A-Z]?)$")
KEYS_NEAR = "QWERTYUIOPASDFGHJKLZXCVBNM"


@dataclass
class MessyRow:
    id: str
    address: str
    postcode: str
    truth: str  # register id, "" for none
    kind: str  # member, non_member, near_number, near_flat


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + rng.choice(KEYS_NEAR) + word[i + 1:]


def _bad_postcode(pc: str, rng: random.Random) -> str:
    chars = list(pc.replace(" ", ""))
    if len(chars) < 5:
        return pc
    if rng.random() < 0.5:  # swap the last two letters
        chars[-1], chars[-2] = chars[-2], chars[-1]
    else:  # one character of the inward or outward code keyed wrong
        i = rng.choice([len(chars) - 1, len(chars) - 2, len(chars) - 3, 1])
        chars[i] = rng.choice("0123456789") if chars[i].isdigit() else rng.choice(KEYS_NEAR)
    code = "".join(chars)
    return code[:-3] + " " + code[-3:]


def messy_variant(address: str, postcode: str, rng: random.Random, *, keep_unit: bool = False) -> tuple[str, str]:
    """One typed version of a register address and postcode, with independent slips."""
    text = address.replace('"', "").upper()
    if not keep_unit and UNIT_RE.search(text) and rng.random() < P_DROP_UNIT:
        text = UNIT_RE.sub("", text, count=1)
    words = text.split()
    if rng.random() < P_DROP_NAME:
        first_number = next((i for i, w in enumerate(words) if NUMBER_RE.match(w)), -1)
        if first_number > 0 and not UNIT_RE.search(" ".join(words[:first_number + 1])):
            words = words[first_number:]
    if rng.random() < P_ABBREV:
        idx = [i for i, w in enumerate(words) if w in ABBREVIATIONS or w in EXPANSIONS]
        for i in idx:
            if rng.random() < 0.7:
                w = words[i]
                words[i] = ABBREVIATIONS.get(w, EXPANSIONS.get(w, w))
    if ("AND" in words or "&" in words) and rng.random() < P_AND:
        words = ["&" if w == "AND" else ("AND" if w == "&" else w) for w in words]
    if len(words) >= 4 and rng.random() < P_DROP_TOWN:
        drop = 2 if len(words) >= 6 and rng.random() < 0.3 else 1
        if not any(ch.isdigit() for w in words[-drop:] for ch in w):
            words = words[:-drop]
    if len(words) >= 4 and rng.random() < P_OMIT:
        candidates = [i for i, w in enumerate(words) if not any(ch.isdigit() for ch in w)]
        if candidates:
            del words[rng.choice(candidates)]
    if len(words) >= 3 and rng.random() < P_SWAP:
        i = rng.randrange(len(words) - 1)
        if not any(ch.isdigit() for ch in words[i] + words[i + 1]):
            words[i], words[i + 1] = words[i + 1], words[i]
    if rng.random() < P_TYPO:
        long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if long_words:
            i = rng.choice(long_words)
            words[i] = _typo(words[i], rng)
    if rng.random() < P_PUNCT:
        words = [w + "." if w in EXPANSIONS and rng.random() < 0.7 else w for w in words]
    if rng.random() < P_COMMA and len(words) >= 3:
        out = []
        for i, w in enumerate(words):
            out.append(w)
            if 0 < i < len(words) - 1 and rng.random() < 0.35:
                out[-1] = w + ","
        words = out
    text = " ".join(words)
    if rng.random() < P_LOWER:
        text = text.lower() if rng.random() < 0.6 else text.title()
    pc = postcode
    r = rng.random()
    if r < P_NO_POSTCODE:
        pc = ""
    elif r < P_NO_POSTCODE + P_BAD_POSTCODE:
        pc = _bad_postcode(pc, rng)
    if pc and rng.random() < P_POSTCODE_SPACE:
        if rng.random() < 0.5:
            pc = pc.replace(" ", "")
        else:
            text, pc = f"{text} {pc}", ""
    if pc and rng.random() < P_LOWER:
        pc = pc.lower()
    return text, pc


def _near_number(address: str, taken: set[str], rng: random.Random) -> str | None:
    """The same street with a building number the register does not have at that postcode."""
    words = address.split()
    for i, w in enumerate(words):
        m = NUMBER_RE.match(w)
        if m:
            n = int(m.group(1))
            for delta in rng.sample([2, -2, 4, -4, 1, 6], 6):
                new = n + delta
                if new > 0 and str(new) not in taken:
                    return " ".join(words[:i] + [str(new)] + words[i + 1:])
            return None
    return None


def _near_flat(address: str, rng: random.Random) -> str | None:
    m = UNIT_RE.search(address)
    if not m:
        return None
    value = m.group(2)
    if value.isdigit():
        other = str(int(value) + rng.choice([1, 2, 3]))
    elif value[-1].isalpha() and len(value) == 1:
        other = chr((ord(value) - 65 + rng.choice([1, 2])) % 26 + 65)
    else:
        return None
    return address[: m.start(2)] + other + address[m.end(2):]


def _from_number(address: str) -> tuple[str, str]:
    """The first building number and the words after it ("", whole text when there is none)."""
    words = address.upper().replace(",", " ").split()
    for i, w in enumerate(words):
        if NUMBER_RE.match(w) or re.match(r"^[0-9]+-[0-9]+$", w):
            return w, " ".join(words[i + 1:])
    return "", " ".join(words)


def same_building(address: str, postcode: str, register_at: dict[str, list[str]]) -> bool:
    """Whether an address is a register address under another name: the same postcode and building number, or
    (no number) nearly the same words at that postcode. Such a record is the register's place, not a non-member
    (the public file lists several businesses at one address)."""
    from rapidfuzz import fuzz

    number, rest = _from_number(address)
    for other in register_at.get(postcode.replace(" ", ""), []):
        o_number, o_rest = _from_number(other)
        if number and number == o_number:
            return True
        if not number and not o_number and fuzz.token_set_ratio(rest, o_rest) >= 85:
            return True
    return False


def street_number_taken(address: str, register_by_number: dict[str, list[str]]) -> bool:
    """Whether the register has this building number on (nearly) this street, under any postcode."""
    from rapidfuzz import fuzz

    number, rest = _from_number(address)
    return any(fuzz.token_set_ratio(rest, o) >= 90 for o in register_by_number.get(number, []))


def make_messy(register: list[dict], outside: list[dict], rng: random.Random, *, variants: int = 2,
               n_non_members: int = 400, n_near: int = 300) -> list[MessyRow]:
    """Messy records of a register: `variants` typed versions of most members, non-members, near misses."""
    rows: list[MessyRow] = []
    numbers_at: dict[str, set[str]] = {}
    units_at: set[str] = set()
    texts = {r["address"] for r in register}
    register_at: dict[str, list[str]] = {}
    register_by_number: dict[str, list[str]] = {}
    for r in register:
        register_at.setdefault(r["postcode"].replace(" ", ""), []).append(r["address"])
        number, rest = _from_number(r["address"])
        register_by_number.setdefault(number, []).append(rest)
    outside = [r for r in outside if not same_building(r["address"], r["postcode"], register_at)]
    for r in register:
        words = r["address"].split()
        numbers_at.setdefault(r["postcode"], set()).update(w for w in words if NUMBER_RE.match(w))
        units_at.add(r["address"] + "|" + r["postcode"])
    for r in register:
        for _ in range(rng.choice(range(1, variants + 1))):
            address, pc = messy_variant(r["address"], r["postcode"], rng)
            rows.append(MessyRow(f"m{len(rows)}", address, pc, r["id"], "member"))
    for r in rng.sample(outside, min(n_non_members, len(outside))):
        address, pc = messy_variant(r["address"], r["postcode"], rng)
        rows.append(MessyRow(f"m{len(rows)}", address, pc, "", "non_member"))
    near = 0
    for r in rng.sample(register, len(register)):
        if near >= n_near:
            break
        if UNIT_RE.search(r["address"]) and rng.random() < 0.5:
            other, kind = _near_flat(r["address"], rng), "near_flat"
            if other is not None and other + "|" + r["postcode"] in units_at:
                other = None
        else:
            other, kind = _near_number(r["address"], numbers_at.get(r["postcode"], set()), rng), "near_number"
        if other is None or other in texts or kind == "near_number" and street_number_taken(other, register_by_number):
            continue
        address, pc = messy_variant(other, r["postcode"], rng, keep_unit=True)
        rows.append(MessyRow(f"m{len(rows)}", address, pc, "", kind))
        near += 1
    rng.shuffle(rows)
    return rows
