"""Police records: incidents and the people in them, custody/arrest records, missing-person reports.

Matching (divert.matching) fills the link fields: `Incident.home` from the location, `child` on every person
record from probabilistic linkage. The link history itself lives in divert.matching (auditable, reversible).
"""

from django.db import models

from divert.core.models import Sourced


class LinkStatus(models.TextChoices):
    UNMATCHED = "unmatched", "Not yet matched"
    LINKED = "linked", "Linked"
    REVIEW = "review", "Sent for review"
    NONE = "none", "No match"


class PersonFields(models.Model):
    """A person as given in a police record, and the child in care they were linked to, if any."""

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)  # M, F, U
    child = models.ForeignKey("registers.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    link_status = models.CharField(max_length=16, choices=LinkStatus.choices, default=LinkStatus.UNMATCHED,
                                   db_index=True)
    link_probability = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True


class Incident(Sourced):
    class ReportedBy(models.TextChoices):
        HOME_STAFF = "home_staff", "Home staff"
        PUBLIC = "public", "Member of the public"
        CHILD = "child", "The child"
        OTHER = "other", "Other"

    reference = models.CharField(max_length=40, unique=True)
    reported_at = models.DateTimeField(db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    location_text = models.CharField(max_length=300, blank=True)
    location_postcode = models.CharField(max_length=10, blank=True)
    location_uprn = models.CharField(max_length=12, blank=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    opening_category = models.CharField(max_length=100, blank=True)
    closing_category = models.CharField(max_length=100, blank=True)
    crime_recorded = models.BooleanField(default=False)
    crime_type = models.CharField(max_length=100, blank=True)
    narrative = models.TextField(blank=True)
    reported_by = models.CharField(max_length=16, choices=ReportedBy.choices, default=ReportedBy.OTHER)
    # Filled by address matching.
    home = models.ForeignKey("registers.Home", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="incidents")
    home_match_status = models.CharField(max_length=16, choices=LinkStatus.choices, default=LinkStatus.UNMATCHED,
                                         db_index=True)
    home_match_score = models.FloatField(null=True, blank=True)
    home_match_method = models.CharField(max_length=32, blank=True)

    class Meta:
        db_table = "incidents_incident"  # the table kept its name when the model moved here (ADR 0009)
        ordering = ["-reported_at"]
        # The daily list's per-home counts (benchmarks/daily_list.py).
        indexes = [models.Index(fields=["home", "reported_at"], name="incident_home_reported_idx")]

    def __str__(self) -> str:
        return self.reference


class Involvement(PersonFields):
    """A person named in an incident, with their role."""

    class Role(models.TextChoices):
        SUSPECT = "suspect", "Suspect"
        VICTIM = "victim", "Victim"
        MISSING_PERSON = "missing_person", "Missing person"
        REPORTING_PERSON = "reporting_person", "Reporting person"
        WITNESS = "witness", "Witness"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="involvements")
    role = models.CharField(max_length=20, choices=Role.choices)
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        db_table = "incidents_involvement"
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "first_name", "last_name", "date_of_birth", "role"], name="unique_involvement"
            )
        ]
        # A child's incidents in the last 90 days, for every entry of the daily list.
        indexes = [models.Index(fields=["child", "incident"], name="involvement_child_inc_idx")]


class CustodyRecord(Sourced, PersonFields):
    custody_reference = models.CharField(max_length=40, unique=True)
    arrested_at = models.DateTimeField(db_index=True)
    address_given = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    offence = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "incidents_custodyrecord"
        ordering = ["-arrested_at"]


class MissingReport(Sourced, PersonFields):
    """A police missing-person report, graded by risk as in College of Policing APP: missing persons."""

    class RiskGrade(models.TextChoices):
        NO_APPARENT_RISK = "no_apparent_risk", "No apparent risk"
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    reference = models.CharField(max_length=40, unique=True)
    reported_missing_at = models.DateTimeField(db_index=True)
    found_at = models.DateTimeField(null=True, blank=True)
    risk_grade = models.CharField(max_length=20, choices=RiskGrade.choices, blank=True)
    missing_from_address = models.CharField(max_length=300, blank=True)
    missing_from_postcode = models.CharField(max_length=10, blank=True)
    location_found = models.CharField(max_length=300, blank=True)
    found_postcode = models.CharField(max_length=10, blank=True)
    found_easting = models.IntegerField(null=True, blank=True)
    found_northing = models.IntegerField(null=True, blank=True)
    home = models.ForeignKey("registers.Home", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="missing_reports")

    class Meta:
        db_table = "incidents_missingreport"
        ordering = ["-reported_missing_at"]
