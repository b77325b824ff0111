"""`generate()`: the whole synthetic world, written as the files real sources deliver (docs/data-formats.md).

Deterministic: the same profile, seed, scale and "now" give byte-identical files. Every random stream is derived
from the seed (numpy SeedSequence / random.Random with integer seeds); nothing depends on wall-clock time,
hash randomisation or set ordering.
"""

import json
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from pathlib import Path

from divert.synth.children import Child, build_children
from divert.synth.clock import collection_years
from divert.synth.events import ChildEventBuilder
from divert.synth.fastrandom import FastRandom
from divert.synth.force_layout import write_mapping
from divert.synth.geography import CITY_NAME, build_gazetteer
from divert.synth.homes import build_homes, build_out_of_area_homes
from divert.synth.people import PublicPool
from divert.synth.police import PoliceWriter
from divert.synth.profiles import PROFILES, Profile, scaled
from divert.synth.registers import write_children, write_homes
from divert.synth.ssda903 import choose_convicted, in_year, write_year

Step = Callable[[str, int], Callable[[int], None]]  # (description, total) -> advance(n)


def _no_progress(description: str, total: int) -> Callable[[int], None]:
    return lambda n: None


def make_profile(name: str, *, scale: float = 1.0, days: int | None = None,
                 incidents_per_day: float | None = None) -> Profile:
    profile = scaled(PROFILES[name], scale)
    if days is not None:
        profile = replace(profile, days=days)
    if incidents_per_day is not None:
        profile = replace(profile, incidents_per_day=incidents_per_day)
    return profile


def generate(out: Path, *, profile: Profile, seed: int, now: datetime, step: Step = _no_progress,
             fast: bool = False) -> dict:
    """Write every file into `out`; return the manifest. `fast` draws the background police incidents as arrays
    (synth/bulk.py): same rates, about three times faster, for a national year; other random draws than the
    default, so a seed gives other (equally deterministic) files."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    today = now.date()
    previous, current = collection_years(today)
    window_start = now - timedelta(days=profile.days)
    sim_start = min(previous.start, window_start.date())
    la_name = f"{CITY_NAME} City Council" if profile.towns == 1 else "English local authorities (synthetic)"

    def rng(stream: int) -> FastRandom:
        return FastRandom([seed, stream])

    advance = step("registers", 4)
    gazetteer = build_gazetteer(rng(1), towns=profile.towns, streets_per_town=profile.streets_per_town)
    homes = build_homes(rng(2), profile, gazetteer, today, la_name)
    gazetteer.reserve(h.address for h in homes if h.in_area)  # random addresses from here on are never a home's
    out_of_area = build_out_of_area_homes(rng(3), 12 if profile.out_of_area_residential_share else 0, gazetteer)
    advance(1)
    everyone = build_children(rng(4), profile, gazetteer, homes, out_of_area, sim_start=sim_start, today=today)
    children = [c for c in everyone if in_year(c, previous) or in_year(c, current)]
    advance(1)
    years = (previous, current)
    convicted = {y.ending: choose_convicted(rng(5 + i), children, y, profile.offending_rate)
                 for i, y in enumerate(years)}
    pool = PublicPool(seed, profile.pool_size, today)
    events = ChildEventBuilder(rng(8), profile, gazetteer, homes, children, pool, window_start=window_start,
                               now=now, history_start=previous.start).build(convicted, years)
    advance(1)
    counts: dict[str, object] = {
        "homes": write_homes(out / "homes.csv", homes),
        "children": write_children(out / "children.csv", children, today),
    }
    for i, year in enumerate(years):
        counts[f"ssda903_{year.ending}"] = write_year(out / "ssda903" / str(year.ending), rng(20 + i), children,
                                                      year, events.spells, convicted[year.ending])
    advance(1)
    police_dir = out / "police"
    police_dir.mkdir(parents=True, exist_ok=True)
    write_mapping(police_dir / "mapping.toml")
    writer = PoliceWriter(
        out, profile=profile, seed=seed, gazetteer=gazetteer, homes=homes, pool=pool, events=events,
        window_start=window_start, now=now, aliases={c.child_id: tuple(c.aliases) for c in children},
        placements=_current_placements(children, today), fast=fast,
    )
    police_counts = writer.write(step("police files (days)", max(1, profile.days)))
    counts["police"] = asdict(police_counts)
    counts["offending"] = {str(y.ending): len(convicted[y.ending]) for y in years}
    manifest = {
        "profile": profile.name,
        "seed": seed,
        **({"fast": True} if fast else {}),
        "generated_at": now.isoformat(),
        "window": {"from": window_start.isoformat(), "to": now.isoformat(), "days": profile.days},
        "collection_years": [y.ending for y in years],
        "fictional": f"All people, homes, streets and the city of {CITY_NAME} are fictional.",
        "parameters": {"children_in_care": profile.children_in_care, "incidents_per_day": profile.incidents_per_day,
                       "offending_rate": profile.offending_rate},
        "counts": counts,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _current_placements(children: list[Child], today) -> dict:
    out = {}
    for c in children:
        ep = c.episode_on(today) or (c.episodes[-1] if c.episodes else None)
        if ep is not None and ep.address is not None:
            out[c.child_id] = ep.address
    return out
