"""Reads for the operations commands and the status endpoint: register counts (no personal data)."""

from divert.ingest.models import ImportRun
from divert.matching.models import ReviewItem
from divert.police.models import CustodyRecord, Incident, Involvement, MissingReport
from divert.registers.models import Child, Home, Placement, Provider


def register_counts() -> dict[str, int]:
    """How many rows each register holds. Counts only: safe to print and to publish to any signed-in role."""
    return {
        "children": Child.objects.count(),
        "placements": Placement.objects.count(),
        "homes": Home.objects.count(),
        "providers": Provider.objects.count(),
        "incidents": Incident.objects.count(),
        "involvements": Involvement.objects.count(),
        "custody_records": CustodyRecord.objects.count(),
        "missing_reports": MissingReport.objects.count(),
        # Files whose data was loaded; re-importing a file already loaded adds a ledger row, not an import.
        "imports": ImportRun.objects.filter(
            status__in=[ImportRun.Status.LOADED, ImportRun.Status.LOADED_WITH_REJECTIONS]).count(),
        "import_attempts": ImportRun.objects.count(),
        "review_items_open": ReviewItem.objects.filter(state=ReviewItem.State.OPEN).count(),
    }
