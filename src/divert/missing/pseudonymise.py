"""Stable keyed pseudonyms and small-number suppression for exports to partners outside the panel.

A child's pseudonym is HMAC-SHA256 over the 903 CHILD id with a key from the environment variable
DIVERT_PSEUDONYM_KEY (default: SECRET_KEY), so the same child gets the same pseudonym in every pack while the key
stays secret. Counts below settings.DIVERT['SUPPRESS_BELOW'] (and above 0) are shown as "c" (DfE CLA statistics).
"""

import hashlib
import hmac
import os

from django.conf import settings

SUPPRESSED = "c"


def _key() -> bytes:
    return (os.environ.get("DIVERT_PSEUDONYM_KEY") or settings.SECRET_KEY).encode()


def pseudonym(child_id: str, *, kind: str = "child") -> str:
    digest = hmac.new(_key(), f"{kind}:{child_id}".encode(), hashlib.sha256).hexdigest()
    return f"{'C' if kind == 'child' else kind[:1].upper()}-{digest[:10].upper()}"


def suppress(n):
    """Small-number suppression: 0 stays 0, 1..SUPPRESS_BELOW-1 become "c"."""
    if not isinstance(n, int) or isinstance(n, bool):
        return n
    below = int(getattr(settings, "DIVERT", {}).get("SUPPRESS_BELOW", 6))
    return SUPPRESSED if 0 < n < below else n


def per_pseudonym_count(n):
    """Small-number suppression protects people hidden in a count of a group (DfE CLA statistics): a "2" for a small
    home can point to one child. A count of one child's own episodes, shown against a pseudonym, hides nobody (the
    pseudonym already stands for that child and cannot be reversed), so it is kept: the panel still sees who went
    missing how often. Counts of groups (homes, months, areas) are suppressed with `suppress`."""
    return n


def format_postcode(pc: str) -> str:
    """"ng72bb" -> "NG7 2BB" (the inward code is always the last three characters)."""
    compact = "".join(pc.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 4 else compact


def postcode_sector(pc: str) -> str:
    """"NG7 2BB" -> "NG7 2": found locations are shown to sector level only."""
    pc = format_postcode(pc)
    return pc[:-2] if " " in pc else pc
