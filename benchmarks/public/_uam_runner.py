"""Run uk_address_matcher on a canonical and a messy CSV (id,address,postcode); write messy_id,candidate_id,weight.

Run by the Python that has uk_address_matcher installed (see addresses.py: `--uam-python`), offline.
"""

import csv
import sys

import duckdb
from uk_address_matcher import AddressMatcher


def main(canonical: str, messy: str, out: str) -> None:
    con = duckdb.connect()
    sql = ("select id::varchar as unique_id, address as address_concat, nullif(postcode, '') as postcode "
           "from read_csv('{}', header=true, all_varchar=true)")
    canon = con.sql(sql.format(canonical))
    mess = con.sql(sql.format(messy))
    result = AddressMatcher(canonical_addresses=canon, addresses_to_match=mess, con=con).match()
    rows = result.matches().fetchall()
    cols = [c for c in result.matches().columns]
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["messy_id", "candidate_id", "weight"])
        i_id, i_c, i_w = cols.index("unique_id"), cols.index("resolved_canonical_id"), cols.index("match_weight")
        for r in rows:
            w.writerow([r[i_id], r[i_c] or "", "" if r[i_w] is None else r[i_w]])


if __name__ == "__main__":
    main(*sys.argv[1:4])
