"""Person-linkage accuracy on the database path (the pipeline): splink alone, then with each extra evidence.

    uv run python benchmarks/people_pipeline_accuracy.py --profile city --seeds 1 2

Unlike people_accuracy.py (generic CSV path), this imports a `divert synth` directory into a throw-away SQLite
database (homes, register, placements, police files; address matching links incidents and missing reports to
homes), then runs the people pipeline (`people_pipeline.run`) on a copy of that database four times - splink
alone, then adding the placement, the name-population and the role evidence in turn (all: the default) - and scores
the links written to the database against truth/incident_people.csv (source_row), truth/custody_people.csv and
truth/missing_people.csv at the default thresholds. Review share = records sent to review / records that truly
are a child in care. Counts and figures only (no personal data).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent


def _setup(db: Path, models: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.test")
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["DIVERT_MODEL_DIR"] = str(models)
    import django

    django.setup()


def stage_import(data: Path, db: Path) -> None:
    _setup(db, Path(tempfile.mkdtemp(prefix="divert-bench-models-")))
    from django.core.management import call_command
    from django.utils import timezone

    from divert.ingest import actions
    from divert.matching import address_pipeline

    def after(kind, run):  # address matching only: people linkage is run (twice) by the link stage
        if kind in ("incidents", "missing"):
            address_pipeline.run(today=timezone.localdate())

    actions._after_import = after
    call_command("migrate", verbosity=0)
    t = time.monotonic()
    actions.import_directory(path=data, skip_invalid=True)
    print(json.dumps({"import_seconds": round(time.monotonic() - t, 1)}))


def _read(path: Path):
    import csv

    with open(path, newline="", encoding="utf-8-sig") as fh:
        yield from csv.DictReader(fh)


def stage_link(data: Path, db: Path, evidence: str, floor: float | None = None) -> None:
    _setup(db, Path(tempfile.mkdtemp(prefix="divert-bench-models-")))
    from django.conf import settings
    from django.db.models import Max
    from django.utils import timezone

    if floor is not None:
        settings.DIVERT["LINK_REVIEW_FLOOR"] = floor

    from divert.matching import people_pipeline
    from divert.matching.models import LinkDecision, RejectedPair, ReviewItem
    from divert.matching.people import model as people_model
    from divert.police.models import CustodyRecord, Involvement, LinkStatus, MissingReport

    # Start from no person links (the import may have run linkage already): every record unmatched.
    subjects = ["involvement", "custody", "missing_report"]
    for model in (Involvement, CustodyRecord, MissingReport):
        model.objects.update(link_status=LinkStatus.UNMATCHED, child=None, link_probability=None)
    for model in (LinkDecision, ReviewItem, RejectedPair):
        model.objects.filter(subject_type__in=subjects).delete()
    t = time.monotonic()
    counts = people_pipeline.run(today=timezone.localdate(), use_placement=evidence != "splink",
                                 use_population=evidence in ("population", "all"), use_role=evidence == "all")
    seconds = time.monotonic() - t
    truth = {}
    for row in _read(data / "truth" / "incident_people.csv"):
        if row.get("child_id"):
            truth[("inc", row["reference"], int(row["source_row"]))] = row["child_id"]
    for row in _read(data / "truth" / "custody_people.csv"):
        if row.get("child_id"):
            truth[("cus", row["custody_reference"])] = row["child_id"]
    for row in _read(data / "truth" / "missing_people.csv"):
        if row.get("child_id"):
            truth[("mis", row["reference"])] = row["child_id"]
    records = []  # (key, status, linked child id, subject type, pk, link probability)
    for ref, src, status, child, pk, prob in Involvement.objects.values_list(
            "incident__reference", "source_row", "link_status", "child__child_id", "pk", "link_probability"):
        records.append((("inc", ref, src), status, child, "involvement", pk, prob))
    for ref, status, child, pk, prob in CustodyRecord.objects.values_list(
            "custody_reference", "link_status", "child__child_id", "pk", "link_probability"):
        records.append((("cus", ref), status, child, "custody", pk, prob))
    for ref, status, child, pk, prob in MissingReport.objects.values_list(
            "reference", "link_status", "child__child_id", "pk", "link_probability"):
        records.append((("mis", ref), status, child, "missing_report", pk, prob))
    tp = fp = review = review_cic = 0
    positives = sum(1 for key, *_rest in records if key in truth)
    by_kind: dict[str, list[int]] = {}
    for key, status, child, *_rest in records:
        k = by_kind.setdefault(key[0], [0, 0, 0, 0])  # tp, fp, positives, review
        k[2] += key in truth
        if status == LinkStatus.LINKED:
            ok = truth.get(key) == child
            tp += ok
            fp += not ok
            k[0] += ok
            k[1] += not ok
        elif status == LinkStatus.REVIEW:
            review += 1
            review_cic += key in truth
            k[3] += 1
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / positives if positives else 1.0
    loaded = people_model.load()
    placement = loaded[0].get(people_model.PLACEMENT_KEY) if loaded else None
    role = loaded[0].get(people_model.ROLE_KEY) if loaded else None
    best_review = ReviewItem.objects.filter(subject_type__in=subjects).values("subject_type", "subject_id").annotate(
        best=Max("score")).values_list("best", flat=True)
    review_by_floor = {f: sum(1 for b in best_review if b is not None and b >= f) for f in FLOORS}
    p_at_r = precision_at_recall(records, truth, positives, subjects)
    print(json.dumps({"records": len(records), "positives": positives, "tp": tp, "fp": fp, "fn": positives - tp,
                      "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                      "review": review, "review_cic": review_cic,
                      "review_share": review / positives if positives else 0.0,
                      "by_kind": by_kind, "seconds": round(seconds, 1),
                      "placement_records": counts.get("placement_records", 0), "placement": placement, "role": role,
                      "names": counts.get("names_in_population", 0), "review_by_floor": review_by_floor,
                      "p_at_r": p_at_r,
                      "auto": settings.DIVERT["LINK_AUTO_THRESHOLD"], "floor": settings.DIVERT["LINK_REVIEW_FLOOR"]}))


FLOORS = (0.5, 0.6, 0.7, 0.8, 0.9)


def precision_at_recall(records, truth, positives, subjects) -> dict[str, float | None]:
    """Precision when the records' best candidates, ranked by probability, first reach 90% and 98% recall.
    A record's best candidate is its linked child or its highest-scoring review candidate; records with neither
    (below the floor) are never reached, so 98% may be out of reach (None)."""
    from divert.matching.models import ReviewItem

    best: dict[tuple[str, int], tuple[float, str]] = {}
    for st, sid, score, child in ReviewItem.objects.filter(subject_type__in=subjects).values_list(
            "subject_type", "subject_id", "score", "candidate_child__child_id"):
        if score is not None and score > best.get((st, sid), (-1.0, ""))[0]:
            best[(st, sid)] = (score, child)
    ranked = []
    for key, status, child, st, pk, prob in records:
        if status == "linked" and prob is not None:
            ranked.append((prob, truth.get(key) == child))
        elif (st, pk) in best:
            ranked.append((best[(st, pk)][0], truth.get(key) == best[(st, pk)][1]))
    ranked.sort(key=lambda r: -r[0])
    out: dict[str, float | None] = {"0.9": None, "0.98": None}
    tp = 0
    for seen, (_p, ok) in enumerate(ranked, start=1):
        tp += ok
        for target in out:
            if out[target] is None and positives and tp >= float(target) * positives:
                out[target] = tp / seen
    return out
MODES = {"splink": "splink alone", "placement": "+ placement", "population": "+ placement + name population",
         "all": "+ placement + names + role"}


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, str(HERE), *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", default="city", choices=["city", "national"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--stage", choices=["import", "link"], help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--evidence", choices=list(MODES), default="all", help=argparse.SUPPRESS)
    parser.add_argument("--floor", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage == "import":
        return stage_import(Path(args.data), Path(args.db))
    if args.stage == "link":
        return stage_link(Path(args.data), Path(args.db), args.evidence, args.floor)
    base = Path(tempfile.gettempdir()) / "divert-bench"
    for seed in args.seeds:
        data = base / f"{args.profile}-{seed}"
        if not (data / "manifest.json").exists():
            subprocess.run(["divert", "synth", "--profile", args.profile, "--seed", str(seed), "--out", str(data),
                            "--quiet"], check=True)
        db = base / f"{args.profile}-{seed}-pipeline.sqlite3"
        if not db.exists():
            partial = db.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            imported = _child(["--stage", "import", "--data", str(data), "--db", str(partial)])
            partial.rename(db)
            print(f"seed {seed}: imported in {imported['import_seconds']} s", flush=True)
        for mode, label in MODES.items():
            work = Path(tempfile.mkdtemp(prefix="divert-bench-link-")) / "db.sqlite3"
            shutil.copy(db, work)
            s = _child(["--stage", "link", "--data", str(data), "--db", str(work), "--evidence", mode])
            shutil.rmtree(work.parent, ignore_errors=True)
            print(f"seed {seed} {label:<28} P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}  "
                  f"(tp {s['tp']} fp {s['fp']} fn {s['fn']} of {s['positives']} CiC records; {s['records']} "
                  f"records)  review {s['review']} = {s['review_share']:.2%} (of which CiC {s['review_cic']})  "
                  f"records with a home {s['placement_records']}  {s['seconds']} s", flush=True)
            if mode == "all":
                print(f"  placement parameters: {s['placement']}")
                print(f"  names in the police population: {s['names']}")
                print(f"  role parameters: {s['role']}")
            print(f"  by kind [tp, fp, positives, review]: {s['by_kind']}", flush=True)
        # The review floor only moves records between "review" and "no link" (precision and recall count
        # automatic links only), so one run at the lowest floor gives the review share at every floor.
        work = Path(tempfile.mkdtemp(prefix="divert-bench-link-")) / "db.sqlite3"
        shutil.copy(db, work)
        s = _child(["--stage", "link", "--data", str(data), "--db", str(work), "--floor", str(FLOORS[0])])
        shutil.rmtree(work.parent, ignore_errors=True)
        table = "  ".join(f"{float(f):.2f}: {n / s['positives']:.2%}" for f, n in s["review_by_floor"].items())
        print(f"  review share by review floor (auto {s['auto']}): {table}", flush=True)
        par = "  ".join(f"P@R{float(k):.0%} " + (f"{v:.4f}" if v is not None else "not reached")
                        for k, v in s["p_at_r"].items())
        print(f"  precision at recall (candidates down to floor {FLOORS[0]}): {par}", flush=True)


if __name__ == "__main__":
    main()
