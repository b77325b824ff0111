"""Role evidence: how a person came to be in the police record (suspect, victim, witness, reporting person...).

Children in care are named in incidents mostly as suspects, victims and missing persons; the people who report
an incident at a children's home are mostly staff and neighbours. A record's role is therefore evidence about
whether it is a child of the register at all, whoever the candidate is. As a Fellegi-Sunter comparison on the
record (docs/person-linkage.md):

- m(role) = P(role | the record is a register child), estimated from confident links (exact forename, surname
  and date of birth, splink probability >= 0.99, which do not depend on the role), smoothed towards u with
  PRIOR_WEIGHT pseudo-links;
- u(role) = P(role | a random record) = the role's share of all records of that kind;
- posterior odds = splink odds x m / u, with the factor kept within BF_BOUNDS so that a role alone never proves or
  vetoes a link.

Records without a role (custody records, missing reports) and roles never seen get factor 1. Estimated without
labels and stored in the model file under KEY, like the placement evidence.
"""

import pandas as pd

from .placement import adjust_probability

KEY = "divert_role"  # = model.ROLE_KEY; splink_settings drops every "divert_" key
VERSION = 1
COLUMN = "role_factor"
PRIOR_WEIGHT = 10  # pseudo-links at the overall role shares when estimating m
BF_BOUNDS = (0.02, 20.0)
MIN_CONFIDENT_LINKS = 20
CONFIDENT = 0.99


def params(model: dict) -> dict | None:
    out = model.get(KEY)
    return out if out and out.get("m") and out.get("u") else None


def factor(role: str | None, p: dict | None) -> float:
    """The Bayes factor of a record's role (1 when there is no role or no parameters)."""
    if not role or not p or role not in p["u"] or role not in p["m"]:
        return 1.0
    bf = p["m"][role] / p["u"][role]
    return min(max(bf, BF_BOUNDS[0]), BF_BOUNDS[1])


def max_factor(model: dict) -> float:
    p = params(model)
    return max((factor(r, p) for r in p["u"]), default=1.0) if p else 1.0


def estimate(pairs: pd.DataFrame, roles: dict[str, str]) -> dict | None:
    """m and u from the data. `pairs` are splink-scored candidate pairs (before any record-level evidence) with
    gamma columns; `roles` the role of every record that has one (all of them, not only those in `pairs`)."""
    if not roles:
        return None
    counts = pd.Series(list(roles.values())).value_counts()
    u = {str(r): float(n) / len(roles) for r, n in counts.items()}
    confident_roles: list[str] = []
    if not pairs.empty:
        from .model import LEVELS

        mask = pairs["match_probability"] >= CONFIDENT
        for f in ("first_name", "surname", "dob"):
            col = f"gamma_{f}"
            mask &= (pairs[col] == len(LEVELS[f]) - 1) if col in pairs else False
        confident_roles = [roles[lid] for lid in pairs.loc[mask, "left_id"].drop_duplicates() if lid in roles]
    if len(confident_roles) < MIN_CONFIDENT_LINKS:
        return None
    seen = pd.Series(confident_roles).value_counts()
    n = len(confident_roles)
    m = {r: (float(seen.get(r, 0)) + PRIOR_WEIGHT * share) / (n + PRIOR_WEIGHT) for r, share in u.items()}
    return {"version": VERSION, "m": m, "u": u, "records": len(roles), "confident_links": n}


def apply(pairs: pd.DataFrame, roles: dict[str, str], model: dict) -> pd.DataFrame:
    """Multiply each pair's odds by its record's role factor (column `role_factor`)."""
    pairs = pairs.copy()
    p = params(model)
    if pairs.empty or p is None or not roles:
        pairs[COLUMN] = 1.0
        return pairs
    factors = [factor(roles.get(lid), p) for lid in pairs["left_id"]]
    pairs[COLUMN] = factors
    pairs["match_probability"] = [adjust_probability(pr, bf)
                                  for pr, bf in zip(pairs["match_probability"], factors, strict=True)]
    return pairs


def evidence(role: str | None, model: dict) -> dict | None:
    p = params(model)
    if not role or p is None or role not in p["u"]:
        return None
    return {"role": role, "bayes_factor": round(factor(role, p), 4)}
