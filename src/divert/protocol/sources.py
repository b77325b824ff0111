"""The one place the protocol app imports police records from.

Police records (incidents, involvements, custody records) are moving to `divert.police.models`; when they do,
only the import line below changes.
"""

from divert.incidents.models import CustodyRecord, Incident, Involvement  # noqa: F401

__all__ = ["CustodyRecord", "Incident", "Involvement"]
