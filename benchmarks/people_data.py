"""Turn a `divert synth` directory into the generic people files (docs/person-linkage.md) plus truth.

left.csv: every named person in police/incidents.csv (id `inc:<source_row>`), police/custody.csv (`cus:<ref>`) and
police/missing.csv (`mis:<ref>`), mapped with police/mapping.toml. right.csv: children.csv, one row per child and
one per alias (same id). truth: left id -> child id for records that are a child in care.
"""

import csv
import tomllib
from pathlib import Path

HEADER = ["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"]
KINDS = {  # file, id prefix, id field, Divert field names for the person
    "incidents": ("incidents.csv", "inc", None, ("person_first_name", "person_last_name", "person_date_of_birth",
                                                 "person_sex", None)),
    "custody": ("custody.csv", "cus", "custody_reference", ("first_name", "last_name", "date_of_birth", "sex",
                                                             "postcode")),
    "missing": ("missing.csv", "mis", "reference", ("first_name", "last_name", "date_of_birth", "sex",
                                                     "missing_from_postcode")),
}


def _read(path: Path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        yield from csv.DictReader(fh)


def convert(data: Path, out: Path) -> dict:
    """Write out/left.csv, out/right.csv; return {"truth": {left_id: child_id}, "kinds": {left_id: kind}}."""
    out.mkdir(parents=True, exist_ok=True)
    mapping = tomllib.loads((data / "police" / "mapping.toml").read_text(encoding="utf-8"))
    truth, kinds = {}, {}
    with open(out / "left.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for kind, (fname, prefix, id_field, person) in KINDS.items():
            cols = {k.strip().lower(): v for k, v in mapping.get(kind, {}).get("columns", {}).items()}
            values = mapping.get(kind, {}).get("values", {})
            for n, raw in enumerate(_read(data / "police" / fname), start=1):
                row = {cols.get(k.strip().lower(), k): v for k, v in raw.items()}
                for field, table in values.items():
                    if field in row:
                        row[field] = table.get(row[field], row[field])
                first, last, dob, sex, pc = (row.get(f, "") if f else "" for f in person)
                if not (first or last or dob):
                    continue
                rid = f"{prefix}:{n if id_field is None else row[id_field]}"
                kinds[rid] = kind
                writer.writerow([rid, first, last, dob, sex, pc])
    for kind, fname, key in (("incidents", "incident_people.csv", "source_row"),
                             ("custody", "custody_people.csv", "custody_reference"),
                             ("missing", "missing_people.csv", "reference")):
        prefix = KINDS[kind][1]
        for row in _read(data / "truth" / fname):
            if row.get("child_id"):
                truth[f"{prefix}:{row[key]}"] = row["child_id"]
    with open(out / "right.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in _read(data / "children.csv"):
            writer.writerow([row["child_id"], row["first_name"], row["last_name"], row["date_of_birth"], row["sex"],
                             row["postcode"]])
            for alias in filter(None, (a.strip() for a in row.get("aliases", "").split(";"))):
                first, _, last = alias.partition(" ")
                writer.writerow([row["child_id"], first, last or row["last_name"], row["date_of_birth"], row["sex"],
                                 row["postcode"]])
    return {"truth": truth, "kinds": kinds}
