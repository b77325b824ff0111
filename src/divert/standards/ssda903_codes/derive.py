"""Write the SSDA903 code lists per collection year (YEAR.json here) from the published specification.

    uv run --with pyyaml python src/divert/standards/ssda903_codes/derive.py ../shared/data/ssda903/schemas

(PyYAML is needed only here, to read the schemas; Divert reads the JSON it writes.)

2017-2024: each year's code lists as the liia-tools SSDA903 schema for that year encodes the DfE SSDA903
specification (`SSDA903_schema_YEAR.yml`, `category` codes per column). Later years start from the last schema
and apply the changes of the DfE guidance for that year, as the DfE-endorsed validator encodes them
(csc-validator-be-903, rule 146 "Placement type code is not a valid code", lac2024_25 and lac2025_26). Each
file says where every list came from. Run again when a new schema or guidance year is published.
"""

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
# table -> columns whose code lists Divert checks
COLUMNS = {
    "Header": ["SEX", "ETHNIC"],
    "Episodes": ["RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE"],
    "Missing": ["MISSING"],
    "OC2": ["SDQ_REASON"],
}
# Collection years after the last schema: (year, source, {"Table.COLUMN": full code list}).
LATER = [
    (2025, "DfE SSDA903 guidance 2024-25 (csc-validator-be-903 lac2024_25 rule 146): K3 supported accommodation "
           "added to PLACE; other lists as 2023-24",
     {"Episodes.PLACE": ["A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
                         "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"]}),
    (2026, "DfE SSDA903 guidance 2025-26 (csc-validator-be-903 lac2025_26 rule 146): PLACE drops H5, P2 and Z1 "
           "and adds Z11-Z14; other lists as 2024-25",
     {"Episodes.PLACE": ["A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
                         "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14"]}),
]


def from_schema(path: Path) -> dict[str, list[str]]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))["column_map"]
    out = {}
    for table, columns in COLUMNS.items():
        for column in columns:
            out[f"{table}.{column}"] = [str(c["code"]) for c in spec[table][column]["category"]]
    return out


def write(year: int, source: str, lists: dict[str, list[str]]) -> None:
    body = {"collection_year": year, "source": source, "codes": lists}
    (HERE / f"{year}.json").write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")


def main(schema_dir: Path) -> None:
    lists: dict[str, list[str]] = {}
    for schema in sorted(schema_dir.glob("SSDA903_schema_*.yml")):
        year = int(schema.stem.rsplit("_", 1)[1])
        lists = from_schema(schema)
        write(year, f"DfE SSDA903 specification {year - 1}-{str(year)[2:]} as encoded in liia-tools "
                    f"SSDA903_schema_{year}.yml", lists)
    for year, source, changes in LATER:
        lists = {**lists, **changes}
        write(year, source, lists)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
