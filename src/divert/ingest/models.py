"""The import ledger: who imported which file (by hash), when, and what happened."""

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    class Kind(models.TextChoices):
        SSDA903 = "ssda903", "SSDA903 return"
        CHILDREN = "children", "Children's register"
        HOMES = "homes", "Homes register"
        INCIDENTS = "incidents", "Police incidents"
        CUSTODY = "custody", "Custody records"
        MISSING = "missing", "Missing-person reports"

    class Status(models.TextChoices):
        LOADED = "loaded", "Loaded"
        LOADED_WITH_REJECTIONS = "partial", "Loaded, bad rows skipped"
        REFUSED = "refused", "Refused"
        UNCHANGED = "unchanged", "Already imported"
        # An attempt is STARTED (committed before anything is read) and then marked with how it ended; a row still
        # STARTED long after its start is an import that was killed and never finished (nothing of it loaded).
        STARTED = "started", "Started, not finished"
        FAILED = "failed", "Failed: stopped by an unexpected error, nothing loaded"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64, db_index=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    rows_read = models.PositiveIntegerField(default=0)
    rows_loaded = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [{file,row,column,value,reason}]
    # Added by the ingest app: warnings that did not stop the import (same shape as problems), and the options
    # and details of the run (mapping file and its hash, collection year, files read, counts per model).
    warnings = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]

    @property
    def refused(self) -> bool:
        return self.status == self.Status.REFUSED

    @property
    def problem_count(self) -> int:
        return int(self.options.get("problem_count", len(self.problems)))


class ImportLock(models.Model):
    """One row per kind of file. An import holds its kind's row locked (SELECT ... FOR UPDATE) for the whole load
    transaction, so two imports of the same kind - the same file uploaded twice at once, say - run one after the
    other, and the second sees that the first already loaded the file (docs/importing.md)."""

    kind = models.CharField(max_length=16, primary_key=True, choices=ImportRun.Kind.choices)
    taken_at = models.DateTimeField(null=True, blank=True)
