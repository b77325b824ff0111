"""Outcomes: the analyst's reconciliation of the offending indicator, published comparators (reference data) and
the board report's author-written sections.

Sources: DfE CLA statistics (the offending indicator and its published figures); CPB report 2021 (the board
report's sections).
"""

from django.conf import settings
from django.db import models

from divert.core.models import TimeStamped


class ReconciliationResolution(TimeStamped):
    """An analyst's decision on one child's difference between the 903 return's CONVICTED flag and the outcomes
    Divert recorded, for one collection year. Appended, never edited: the latest row for a child and year is the
    one in force, and it lapses (the difference shows again) when either source changes after it was made."""

    class Right(models.TextChoices):
        RETURN = "return", "The return is right: Divert's record does not change the flag"
        DIVERT = "divert", "Divert's record is right: correct the return before it is sent"

    collection_year = models.PositiveSmallIntegerField()
    child = models.ForeignKey("registers.Child", on_delete=models.PROTECT, related_name="+")
    right = models.CharField(max_length=8, choices=Right.choices)
    note = models.TextField()
    # What the two sources said when the analyst decided (a later change lapses the resolution).
    return_flag = models.BooleanField(null=True)
    divert_status = models.CharField(max_length=16)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["collection_year", "child"], name="reconciliation_year_child_idx")]


class PublishedFigure(TimeStamped):
    """A published offending-indicator figure for a comparator area (England, a region, a local authority), loaded
    from the DfE's explore-education-statistics CSV with its source; never typed in."""

    class Level(models.TextChoices):
        NATIONAL = "National", "England"
        REGIONAL = "Regional", "Region"
        LOCAL_AUTHORITY = "Local authority", "Local authority"

    collection_year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=16, choices=Level.choices)
    area_code = models.CharField(max_length=12)
    area_name = models.CharField(max_length=100)
    count = models.CharField(max_length=12, blank=True)  # as published: a number or a symbol (c, z, k, x, low)
    percent = models.CharField(max_length=12, blank=True)
    source = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500, blank=True)
    source_file = models.CharField(max_length=255, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["collection_year", "level", "area_name"]
        constraints = [models.UniqueConstraint(fields=["collection_year", "level", "area_code"],
                                               name="unique_published_figure")]


class BoardReportText(TimeStamped):
    """The sections of the Corporate Parenting Board report the author writes, per collection year."""

    collection_year = models.PositiveSmallIntegerField(unique=True)
    recommendations = models.TextField(blank=True)
    finance_comments = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")


class ImpactActivity(TimeStamped):
    """One child-centred activity in the impact log, as the force's quarterly Child Centred Policing meeting
    tracks them (Howard League 2019; the columns are Divert's design): what, when, with whom, who was reached, how
    it went, and a quote that is shown only when its author consented."""

    class Kind(models.TextChoices):
        FORUM = "forum", "Practitioner forum"
        TRAINING = "training", "Training delivered to homes"
        DIVERSIONARY = "diversionary", "Diversionary activity session"
        CAMPAIGN = "campaign", "Awareness campaign"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200, help_text="e.g. CSE awareness with hotels; girls' boxing group")
    held_on = models.DateField(db_index=True)
    partner = models.CharField(max_length=200, blank=True)
    homes_reached = models.ManyToManyField("registers.Home", blank=True, related_name="+")
    participants = models.PositiveIntegerField(default=0)
    evaluation = models.TextField(blank=True, help_text="What changed: attendance, progression (e.g. to cadets)")
    feedback = models.TextField(blank=True)
    quote = models.TextField(blank=True)
    quote_consent = models.BooleanField(default=False, help_text="The person quoted agreed to the quote's use")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]


class UnitCost(models.Model):
    """A unit cost for the value-for-money table (editable reference data), each with its source and year."""

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    low = models.DecimalField(max_digits=10, decimal_places=2)
    high = models.DecimalField(max_digits=10, decimal_places=2)
    unit = models.CharField(max_length=60, help_text="e.g. per missing-person investigation, per year")
    price_year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=300)
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.label
