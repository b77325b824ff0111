"""Seeded synthetic data: the files real sources deliver, for a fictional city or for England.

Modules, in the order `generate.generate` uses them:
  profiles     every calibration figure (docs/synth-calibration.md) and the messiness rates
  clock        "now", Europe/London, 903 collection years
  geography    fictional towns, streets, postcodes, UPRNs, grid references
  homes        providers, children's homes, supported accommodation (open/closed dates, call-out weights)
  children     children in care, families, aliases, SSDA903 care histories
  ssda903      the 903 tables and the offending cohort
  people       the not-in-care population (computed from an index, never stored)
  events       missing episodes, incidents at homes and elsewhere, arrests, lookalikes
  narratives   incident text templates
  messiness    named functions that make police records messy
  force_layout the demo force's headers, codes and mapping.toml
  police       streams incidents, custody and missing files and the truth files, a day at a time
  registers    homes.csv and children.csv
  names        plain data: forenames, surnames, nicknames, street names (reusable by matching)
"""
