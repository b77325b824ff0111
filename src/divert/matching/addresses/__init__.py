"""Address matching: incident locations and missing-from addresses to homes, or any messy list to any address list.

normalise (parse UK addresses and postcodes) -> candidates (blocking) -> score (evidence and points)
-> decide (linked / review / none) ; matcher ties them together, generic reads and writes the documented CSV
formats, areas learns where street names occur. See docs/address-matching.md.
"""
