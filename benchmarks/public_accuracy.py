"""Both matchers on public labelled data Divert did not generate, beside their baselines, in one run.

    uv run --frozen python -m benchmarks.public_accuracy [--seed N]

Runs `benchmarks/public/addresses.py` (FHRS addresses with a documented call-handler error model, the
uk_address_matcher edge cases; exact, fuzzy-text and uk_address_matcher baselines) and `benchmarks/public/people.py`
(FEBRL1-4, splink's fake_1000, a register-vs-later-records set from a documented error model; exact and
splink-tutorial baselines) and prints one table: precision, recall, F1, review share and precision at 90% and 98%
recall per data set and method. Without `--seed` each part draws a fresh seed and prints it. Only counts and
figures are printed, never a record.
"""

import argparse

from benchmarks.public import addresses, people

COLUMNS = ("dataset", "method", "n", "precision", "recall", "f1", "review_share", "p_at_90_recall", "p_at_98_recall")


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_table(title: str, rows: list[dict]) -> None:
    print(f"\n## {title}")
    print(" | ".join(COLUMNS))
    for row in rows:
        print(" | ".join(_cell(row.get(key)) for key in COLUMNS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, help="one seed for both parts (default: each draws its own)")
    parser.add_argument("--parts", nargs="+", choices=["addresses", "people"], default=["addresses", "people"],
                        help="run only these parts (default: both)")
    args = parser.parse_args()
    address_args = ["--seed", str(args.seed)] if args.seed is not None else []
    people_args = ["--seed", str(args.seed)] if args.seed is not None else []
    if "addresses" in args.parts:
        print_table("Addresses", addresses.run(address_args))
    if "people" in args.parts:
        print_table("People", people.run(people_args))


if __name__ == "__main__":
    main()
