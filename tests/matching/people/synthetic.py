"""Small hand-rolled people data with known truth, for the person-linkage tests (no dependency on divert.synth).

`register(n)` makes children (with twins, siblings and aliases); `police(children, n_cic, n_other)` makes police
person records: some are register children with realistic errors, the rest are other people, some with names
close to a child's. Deterministic for a seed.
"""

import datetime as dt
import random

FIRST_M = str.split(
    "jack oliver harry george noah charlie jacob alfie freddie oscar leo logan archie theo thomas james "
           "joshua william daniel samuel joseph benjamin lewis ethan mason riley liam tyler kyle connor callum "
           "robert michael david matthew christopher nathan ryan jordan kieran reece")
FIRST_F = str.split("olivia amelia isla ava emily sophia grace mia poppy ella lily evie jessica chloe ruby sophie "
           "katie megan holly lucy hannah abigail charlotte elizabeth rebecca samantha jade courtney shannon "
           "paige leah amy danielle laura bethany georgia caitlin ellie")
SURNAMES = str.split(
    "smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson wright "
            "walker white edwards hughes green hall lewis harris clarke patel jackson wood turner martin cooper hill "
            "ward morris moore clark lee king baker harrison morgan allen james scott phillips watson davis parker "
            "price bennett young griffiths mitchell kelly cook carter richardson bailey collins bell shaw murphy "
            "miller cox richards khan marshall anderson simpson ellis adams singh begum wilkinson foster chapman "
            "powell webb rogers gray mason ali hunt hussain campbell matthews owen palmer holmes mills barnes knight "
            "lloyd butler russell barker fisher stevens jenkins murray dixon harvey")
NICK = {"robert": "bob", "william": "billy", "thomas": "tom", "james": "jim", "michael": "mike", "daniel": "danny",
        "samuel": "sam", "joseph": "joe", "benjamin": "ben", "christopher": "chris", "matthew": "matt",
        "elizabeth": "liz", "rebecca": "becky", "samantha": "sam", "jessica": "jess", "abigail": "abby",
        "charlotte": "lottie", "katie": "kate", "daniella": "dani", "nathan": "nate", "alfie": "alf"}
AREAS = ["NG1", "NG2", "NG3", "NG5", "NG7", "NG8", "NG9", "NG11"]


def _postcode(rng):
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{rng.choice(AREAS)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _dob(rng, start=2008, end=2016):
    return dt.date(start, 1, 1) + dt.timedelta(days=rng.randint(0, (end - start) * 365))


def register(n=400, seed=1):
    """Children: dicts with id, first_name, last_name, dob, sex, postcode, aliases (list of (first, last))."""
    rng = random.Random(seed)
    children = []
    while len(children) < n:
        sex = rng.choice("MF")
        child = {"id": f"C{len(children) + 1:05d}", "first_name": rng.choice(FIRST_M if sex == "M" else FIRST_F),
                 "last_name": rng.choice(SURNAMES), "dob": _dob(rng), "sex": sex, "postcode": _postcode(rng),
                 "aliases": []}
        if rng.random() < 0.1:
            child["aliases"].append((child["first_name"], rng.choice(SURNAMES)))
        children.append(child)
        r = rng.random()
        if r < 0.04:  # a twin: same surname, dob, postcode; different forename
            sex2 = rng.choice("MF")
            twin_first = rng.choice([f for f in (FIRST_M if sex2 == "M" else FIRST_F) if f != child["first_name"]])
            children.append(dict(child, id=f"C{len(children) + 1:05d}", first_name=twin_first, sex=sex2, aliases=[]))
        elif r < 0.10:  # a sibling: same surname and address, another dob
            sex2 = rng.choice("MF")
            children.append(dict(child, id=f"C{len(children) + 1:05d}",
                                 first_name=rng.choice(FIRST_M if sex2 == "M" else FIRST_F), sex=sex2,
                                 dob=_dob(rng), aliases=[]))
    return children[:n]


def _typo(rng, s):
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s))
    op = rng.random()
    if op < 0.33:
        return s[:i] + s[i + 1:]
    if op < 0.66:
        return s[:i] + rng.choice("aeiourstn") + s[i:]
    return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]


def _noisy(rng, child):
    first, last = child["first_name"], child["last_name"]
    if child["aliases"] and rng.random() < 0.3:
        first, last = rng.choice(child["aliases"])
    dob, sex, postcode = child["dob"], child["sex"], child["postcode"]
    r = rng.random()
    if r < 0.10 and first in NICK:
        first = NICK[first]
    elif r < 0.18:
        first = _typo(rng, first)
    if rng.random() < 0.08:
        last = _typo(rng, last)
    r = rng.random()
    if r < 0.04 and dob.day <= 12 and dob.day != dob.month:
        dob = dt.date(dob.year, dob.day, dob.month)
    elif r < 0.08:
        dob = dob + dt.timedelta(days=rng.choice([-1, 1, 10, -10]))
    elif r < 0.11:
        dob = None
    if rng.random() < 0.1:
        sex = ""
    postcode = postcode if rng.random() < 0.3 else ""
    return {"first_name": first.title(), "last_name": last.title(), "dob": dob, "sex": sex, "postcode": postcode}


def police(children, n_cic=300, n_other=700, seed=2):
    """Police person records: dicts with id, names, dob, sex, postcode and truth (child id or None)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n_cic):
        child = rng.choice(children)
        rows.append(dict(_noisy(rng, child), truth=child["id"]))
    for _ in range(n_other):
        sex = rng.choice("MF")
        first = rng.choice(FIRST_M if sex == "M" else FIRST_F)
        last = rng.choice(SURNAMES)
        dob = _dob(rng, 1960, 2016)
        if rng.random() < 0.05:  # close to a child but another person: same name, other dob
            c = rng.choice(children)
            first, last, dob = c["first_name"], c["last_name"], _dob(rng, 1990, 2007)
        rows.append({"first_name": first.title(), "last_name": last.title(), "dob": dob, "sex": sex,
                     "postcode": _postcode(rng) if rng.random() < 0.3 else "", "truth": None})
    rng.shuffle(rows)
    for i, row in enumerate(rows, start=1):
        row["id"] = f"P{i:05d}"
    return rows


def frames(children, people):
    """(left, right) linkage frames from these records (right: one row per child and per alias)."""
    from divert.matching.people.prepare import frame, person_row

    left = frame(person_row(p["id"], p["id"], p["first_name"], p["last_name"], p["dob"], p["sex"], p["postcode"])
                 for p in people)
    right_rows = []
    for c in children:
        right_rows.append(person_row(c["id"], c["id"], c["first_name"], c["last_name"], c["dob"], c["sex"],
                                     c["postcode"]))
        for n, (f, last) in enumerate(c["aliases"], start=1):
            right_rows.append(person_row(f"{c['id']}~{n}", c["id"], f, last, c["dob"], c["sex"], c["postcode"]))
    return left, frame(right_rows)
