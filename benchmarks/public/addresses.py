"""Address matching on public data Divert did not generate: FHRS addresses and the uk_address_matcher edge cases.

    uv run --frozen python -m benchmarks.public.addresses [--seed 1 2 3] [--register 1500] [--uam-python PATH]

Data sets (see ../shared/data/README.md):
- `fhrs-<seed>`: a random sample of the FHRS address file is the register; messy locations are made from it by the
  error model in `address_errors.py` (members with slips, non-members from the rest of the file, near misses with
  another building number or flat), drawn fresh for each `--seed`;
- `edge-cases`: the uk_address_matcher test cases; every candidate of every case is the register and each messy
  address's first candidate is its truth.

Methods, in the same run: `divert` (the generic command's code path at its defaults, where canonical rows written
identically are one place: the FHRS file lists several businesses at one address), `divert-rivals` (the same with
`--same-address-rivals`: such copies are rivals, the rule for homes), `exact` (normalised string
and postcode, else postcode + building number, linked when one register row has it), `fuzzy` (postcode block,
equal building numbers, rapidfuzz token_set_ratio: linked at >= 90, review at >= 80) and `uk_address_matcher`
(the package's own matcher, run in a Python that has it: `--uam-python`, or this one if it imports).

Figures: precision and recall of automatic links (recall over the records whose truth is in the register),
F1, review share, and precision at 90% / 98% recall ranking every record's best candidate by its score (None where
the ranking never reaches that recall). Only counts are printed.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent.parent / "shared" / "data" / "addresses"
if not DATA.exists():
    DATA = Path("/work/shared/data/addresses")
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")

from benchmarks.public.address_errors import make_messy  # noqa: E402

KEYS = ("dataset", "method", "n", "precision", "recall", "f1", "review_share", "p_at_90_recall", "p_at_98_recall")


# --- data sets ---------------------------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^A-Z0-9 ]", " ", text.upper().replace("&", " AND ")).split())


def load_fhrs() -> list[dict]:
    with open(DATA / "fhrs_addresses.csv", encoding="utf-8", newline="") as fh:
        return [{"id": r["id"], "address": " ".join(r["address"].split()), "postcode": r["postcode"].strip()}
                for r in csv.DictReader(fh) if r["address"].strip()]


def fhrs_dataset(seed: int, register_size: int) -> tuple[list[dict], list[dict]]:
    """Register and messy rows (with `truth`, a set of acceptable register ids) for one seed."""
    rng = random.Random(seed)
    rows = load_fhrs()
    rng.shuffle(rows)
    register, outside = rows[:register_size], rows[register_size:]
    same: dict[tuple[str, str], set[str]] = defaultdict(set)  # the file lists some addresses twice
    for r in register:
        same[(_norm(r["address"]), r["postcode"].replace(" ", ""))].add(r["id"])
    inside = set(same)
    outside = [r for r in outside if (_norm(r["address"]), r["postcode"].replace(" ", "")) not in inside]
    messy = []
    by_id = {r["id"]: r for r in register}
    for m in make_messy(register, outside, rng):
        truth: set[str] = set()
        if m.truth:
            r = by_id[m.truth]
            truth = same[(_norm(r["address"]), r["postcode"].replace(" ", ""))]
        messy.append({"id": m.id, "address": m.address, "postcode": m.postcode, "truth": truth, "kind": m.kind})
    return register, messy


def edge_case_dataset() -> tuple[list[dict], list[dict]]:
    # The file is a flat list of [address, postcode] pairs under "- messy_address:" entries: read without a YAML
    # library (none is a dependency), one bracketed pair at a time.
    text = "\n".join(line.split("#", 1)[0] for line in
                     (DATA / "uk_address_matcher_edge_cases.yaml").read_text().splitlines())
    pair = re.compile(r'\[\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,?\s*\]')
    cases = []
    for block in text.split("- messy_address:")[1:]:
        pairs = pair.findall(block)
        cases.append({"messy_address": pairs[0], "canonical_addresses": pairs[1:]})
    register, messy = [], []
    for i, case in enumerate(cases):
        ids = []
        for j, (address, postcode) in enumerate(case["canonical_addresses"]):
            ids.append(f"c{i}_{j}")
            register.append({"id": f"c{i}_{j}", "address": address, "postcode": postcode})
        address, postcode = case["messy_address"]
        messy.append({"id": f"m{i}", "address": address, "postcode": postcode, "truth": {ids[0]}, "kind": "member"})
    return register, messy


# --- methods: each returns {messy id: (decision, candidate id, score)} ---------------------------------------------
def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "address", "postcode"])
        for r in rows:
            w.writerow([r["id"], r["address"], r["postcode"]])


def run_divert(register: list[dict], messy: list[dict], tmp: Path, *, one_place: bool = True) -> dict:
    """`divert match addresses` at its defaults (`one_place=False`: with --same-address-rivals)."""
    from divert.matching.addresses.decide import Thresholds
    from divert.matching.addresses.generic import match_files

    _write(tmp / "canonical.csv", register)
    _write(tmp / "messy.csv", messy)
    match_files(tmp / "canonical.csv", tmp / "messy.csv", tmp / "out.csv",
                thresholds=Thresholds(same_address_one_place=one_place))
    with open(tmp / "out.csv", encoding="utf-8", newline="") as fh:
        return {r["messy_id"]: (r["decision"], r["candidate_id"], float(r["score"] or 0)) for r in csv.DictReader(fh)}


def _pc(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


def _first_number(text: str) -> str:
    m = re.search(r"\b([0-9]+[A-Z]?)\b", _norm(text))
    return m.group(1) if m else ""


def run_exact(register: list[dict], messy: list[dict], tmp: Path) -> dict:
    by_text: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_number: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in register:
        by_text[(_norm(r["address"]), _pc(r["postcode"]))].add(r["id"])
        number = _first_number(r["address"])
        if number:
            by_number[(_pc(r["postcode"]), number)].add(r["id"])
    out = {}
    for m in messy:
        hit = by_text.get((_norm(m["address"]), _pc(m["postcode"])))
        if not hit:
            number = _first_number(m["address"])
            hit = by_number.get((_pc(m["postcode"]), number)) if number else None
        if hit and len(hit) == 1:
            out[m["id"]] = ("linked", next(iter(hit)), 1.0)
        else:
            out[m["id"]] = ("none", "", 0.0)
    return out


def run_fuzzy(register: list[dict], messy: list[dict], tmp: Path) -> dict:
    from rapidfuzz import fuzz

    block: dict[str, list[dict]] = defaultdict(list)
    for r in register:
        block[_pc(r["postcode"])].append(r)
    out = {}
    for m in messy:
        number = _first_number(m["address"])
        text = _norm(m["address"])
        best, best_score = "", 0.0
        for r in block.get(_pc(m["postcode"]), []):
            if _first_number(r["address"]) != number:
                continue
            s = fuzz.token_set_ratio(text, _norm(r["address"]))
            if s > best_score:
                best, best_score = r["id"], s
        decision = "linked" if best_score >= 90 else "review" if best_score >= 80 else "none"
        out[m["id"]] = (decision, best, best_score / 100)
    return out


def _uam_python(explicit: str | None) -> str | None:
    """A Python that imports uk_address_matcher: `--uam-python` / UAM_PYTHON (e.g. a separate venv, since its
    pinned splink may differ from Divert's), else this one."""
    for candidate in ([explicit] if explicit else []) + [sys.executable]:
        if shutil.which(candidate) or Path(candidate).exists():
            ok = subprocess.run([candidate, "-c", "import uk_address_matcher"], capture_output=True).returncode == 0
            if ok:
                return candidate
    return None


def run_uam(register: list[dict], messy: list[dict], tmp: Path, python: str) -> dict:
    """uk_address_matcher's own best match for every record; it has no 'none', so a link is any match, ranked by
    its match weight (it assumes every address is in the register)."""
    _write(tmp / "canonical.csv", register)
    _write(tmp / "messy.csv", messy)
    runner = Path(__file__).with_name("_uam_runner.py")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_PROXY": "*"}
    subprocess.run([python, str(runner), str(tmp / "canonical.csv"), str(tmp / "messy.csv"), str(tmp / "uam.csv")],
                   check=True, capture_output=True, env=env, timeout=1800)
    out = {m["id"]: ("none", "", float("-inf")) for m in messy}
    with open(tmp / "uam.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["candidate_id"]:
                out[r["messy_id"]] = ("linked", r["candidate_id"], float(r["weight"] or 0))
    return out


# --- figures -----------------------------------------------------------------------------------------------------
def precision_at_recall(ranked: list[tuple[float, bool]], members: int, target: float) -> float | None:
    hits = 0
    for k, (_, ok) in enumerate(ranked, start=1):
        hits += ok
        if members and hits / members >= target:
            return hits / k
    return None


def figures(dataset: str, method: str, messy: list[dict], result: dict) -> dict:
    members = sum(1 for m in messy if m["truth"])
    links = correct = review = 0
    ranked = []
    for m in messy:
        decision, candidate, score = result.get(m["id"], ("none", "", 0.0))
        ok = bool(candidate) and candidate in m["truth"]
        if decision == "linked":
            links += 1
            correct += ok
        elif decision == "review":
            review += 1
        if candidate:
            ranked.append((score, ok))
    ranked.sort(key=lambda item: -item[0])
    precision = correct / links if links else 0.0
    recall = correct / members if members else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"dataset": dataset, "method": method, "n": len(messy), "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4), "review_share": round(review / len(messy), 4),
            "p_at_90_recall": _r(precision_at_recall(ranked, members, 0.90)),
            "p_at_98_recall": _r(precision_at_recall(ranked, members, 0.98))}


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def run(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--register", type=int, default=1500)
    parser.add_argument("--uam-python", default=os.environ.get("UAM_PYTHON"))
    parser.add_argument("--no-uam", action="store_true")
    parser.add_argument("--methods", nargs="+", default=["divert", "divert-rivals", "exact", "fuzzy",
                                                          "uk_address_matcher"])
    args = parser.parse_args(argv)
    uam = None if args.no_uam else _uam_python(args.uam_python)
    sets = [(f"fhrs-seed{seed}", lambda seed=seed: fhrs_dataset(seed, args.register)) for seed in args.seed]
    sets.append(("edge-cases", edge_case_dataset))
    rows = []
    for name, load in sets:
        register, messy = load()
        for method in args.methods:
            with tempfile.TemporaryDirectory() as tmp:
                started = time.process_time()
                if method == "divert":
                    result = run_divert(register, messy, Path(tmp))
                elif method == "divert-rivals":
                    result = run_divert(register, messy, Path(tmp), one_place=False)
                elif method == "exact":
                    result = run_exact(register, messy, Path(tmp))
                elif method == "fuzzy":
                    result = run_fuzzy(register, messy, Path(tmp))
                elif uam is None:
                    rows.append({k: None for k in KEYS} | {"dataset": name, "method": method, "n": len(messy),
                                                            "note": "uk_address_matcher not installed"})
                    continue
                else:
                    try:
                        result = run_uam(register, messy, Path(tmp), uam)
                    except (subprocess.SubprocessError, OSError) as exc:
                        rows.append({k: None for k in KEYS} | {"dataset": name, "method": method, "n": len(messy),
                                                                "note": f"failed: {type(exc).__name__}"})
                        continue
                row = figures(name, method, messy, result)
                row["cpu_s"] = round(time.process_time() - started, 2)
                rows.append(row)
    return rows


def print_table(rows: list[dict]) -> None:
    header = [*KEYS, "cpu_s"]
    print(" | ".join(header))
    for r in rows:
        print(" | ".join("-" if r.get(k) is None else str(r.get(k)) for k in header) + (f"  ({r['note']})"
                                                                                       if r.get("note") else ""))


if __name__ == "__main__":
    print_table(run())
