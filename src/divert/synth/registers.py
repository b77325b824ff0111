"""The council-side register files: homes.csv and children.csv (docs/data-formats.md)."""

import csv
from datetime import date
from pathlib import Path

from divert.synth.children import Child
from divert.synth.clock import fmt_date
from divert.synth.homes import Home

HOMES_COLUMNS = ["urn", "name", "provider", "provider_type", "setting_type", "registered_places", "address_line1",
                 "address_line2", "address_line3", "town", "postcode", "uprn", "easting", "northing", "opened_on",
                 "closed_on"]
CHILDREN_COLUMNS = ["child_id", "first_name", "last_name", "aliases", "date_of_birth", "sex", "postcode",
                    "social_worker_name", "social_worker_email"]


def write_homes(path: Path, homes: list[Home]) -> int:
    """The area's homes register: every in-area setting, including closed and newly opened ones."""
    rows = sorted((h for h in homes if h.in_area), key=lambda h: h.urn)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HOMES_COLUMNS)
        for h in rows:
            a = h.address
            w.writerow([h.urn, h.name, h.provider, h.provider_type, h.setting_type, h.places, a.line1, a.line2, a.line3,
                        a.street.town, a.postcode, a.uprn, a.easting, a.northing, fmt_date(h.opened_on),
                        fmt_date(h.closed_on)])
    return len(rows)


def current_postcode(child: Child, today: date) -> str:
    ep = child.episode_on(today) or (child.episodes[-1] if child.episodes else None)
    return ep.postcode if ep else child.family_address.postcode


def write_children(path: Path, children: list[Child], today: date) -> int:
    """Every child in either collection year, with names and aliases (clean: the register is right)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CHILDREN_COLUMNS)
        for c in sorted(children, key=lambda c: c.child_id):
            aliases = ";".join(f"{first} {last}" for first, last in c.aliases)
            w.writerow([c.child_id, c.first_name, c.last_name, aliases, fmt_date(c.dob), c.sex,
                        current_postcode(c, today), c.social_worker[0], c.social_worker[1]])
    return len(children)
