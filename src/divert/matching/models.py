"""Link decisions and the review queue.

Every link between a police record and a home or a child is a LinkDecision: who or what made it, when, on what
evidence. Decisions are never deleted; an undo is a new decision that supersedes the old one.
"""

from django.conf import settings
from django.db import models

from divert.core.models import Versioned


class SubjectType(models.TextChoices):
    INCIDENT_LOCATION = "incident_location", "Incident location"
    INVOLVEMENT = "involvement", "Person in an incident"
    CUSTODY = "custody", "Custody record"
    MISSING_REPORT = "missing_report", "Missing-person report"
    MISSING_LOCATION = "missing_location", "Missing-from address"


class LinkDecision(models.Model):
    class Outcome(models.TextChoices):
        LINKED = "linked", "Linked"
        REVIEW = "review", "Sent for review"
        NONE = "none", "No match"
        CONFIRMED = "confirmed", "Confirmed by a person"
        REJECTED = "rejected", "Rejected by a person"
        UNDONE = "undone", "Undone by a person"

    subject_type = models.CharField(max_length=20, choices=SubjectType.choices)
    subject_id = models.BigIntegerField()
    child = models.ForeignKey("registers.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    home = models.ForeignKey("registers.Home", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    score = models.FloatField(null=True, blank=True)
    method = models.CharField(max_length=40, blank=True)
    evidence = models.JSONField(default=dict, blank=True)  # field comparisons, runner-up, model version
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_by_label = models.CharField(max_length=100, blank=True)  # "address matcher v1", "splink model 2026-11-23"
    decided_at = models.DateTimeField(auto_now_add=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["subject_type", "subject_id"])]


class ReviewItem(Versioned, models.Model):
    """A doubtful match waiting for a person: one subject, one or more candidates."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"
        NOT_SURE = "not_sure", "Not sure"
        SUPERSEDED = "superseded", "Superseded by a later match"

    subject_type = models.CharField(max_length=20, choices=SubjectType.choices)
    subject_id = models.BigIntegerField()
    candidate_child = models.ForeignKey("registers.Child", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    candidate_home = models.ForeignKey("registers.Home", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    score = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        # Two conditional constraints: one nullable column in a single constraint would never conflict (NULLs
        # are distinct in SQLite and PostgreSQL), letting the same pair be queued twice.
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "candidate_child"], name="unique_review_child_pair",
                condition=models.Q(candidate_child__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "candidate_home"], name="unique_review_home_pair",
                condition=models.Q(candidate_home__isnull=False),
            ),
        ]


class RejectedPair(models.Model):
    """A pair a person said is not a match: it never comes back to the queue or gets auto-linked."""

    subject_type = models.CharField(max_length=20, choices=SubjectType.choices)
    subject_id = models.BigIntegerField()
    child = models.ForeignKey("registers.Child", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    home = models.ForeignKey("registers.Home", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    rejected_at = models.DateTimeField(auto_now_add=True)


class BatchChunk(models.Model):
    """One finished chunk of a batch run over a period (`divert link records --since/--until`, `divert match
    incidents --since/--until`). Written in the same transaction as the chunk's links, so a run that is killed
    resumes after its last finished chunk and writes each link once."""

    step = models.CharField(max_length=20)        # "people" or "addresses"
    run_key = models.CharField(max_length=200)    # the run's period, chunk length and options
    starts_on = models.DateField()
    ends_on = models.DateField()
    records = models.IntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    seconds = models.FloatField(default=0)
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "run_key", "starts_on"], name="unique_batch_chunk")]
