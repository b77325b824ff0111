"""National standards as data: code lists that the importers check and the demo generator writes.

The lowest layer: it imports no Divert app, so both `divert.ingest` and `divert.synth` (which imports no app) may
read it. Each list names the published specification it comes from.
"""
