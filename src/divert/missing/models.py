"""Missing from care: episodes, their sources, risk reviews, return interviews, referrals, compliance.

An episode is one absence of one child, reconciled from police missing-person reports and SSDA903 Missing rows
(reconcile.py); both sources stay linked through `EpisodeSource`. Missing (903 `M`, whereabouts unknown) and away
without authorisation (903 `A`, whereabouts known) are kept apart (APP missing persons). Writes go through actions.py.
"""

from django.conf import settings
from django.db import models

from divert.core.models import TimeStamped, Versioned
from divert.police.models import MissingReport


class Category(models.TextChoices):
    """DfE statutory guidance (Jan 2014) / SSDA903 MISSING codes (APP missing persons)."""

    MISSING = "M", "Missing (whereabouts unknown)"
    ABSENT = "A", "Away from placement without authorisation"


RiskGrade = MissingReport.RiskGrade  # the College of Policing APP levels (APP missing persons)


class MissingEpisode(Versioned, TimeStamped):
    class State(models.TextChoices):
        OPEN = "open", "Missing"
        RETURNED = "returned", "Returned"
        FINALISED = "finalised", "Finalised"
        MERGED = "merged", "Merged into another episode"
        WITHDRAWN = "withdrawn", "Withdrawn (its reports were unlinked from the child)"

    GONE_STATES = (State.MERGED, State.WITHDRAWN)  # not counted anywhere

    class FoundBy(models.TextChoices):
        POLICE = "police", "Police"
        HOME_STAFF = "home_staff", "Home staff"
        SELF = "self", "Returned of own accord"
        FAMILY = "family", "Family or friends"
        OTHER = "other", "Other"

    child = models.ForeignKey("registers.Child", on_delete=models.PROTECT, related_name="missing_episodes")
    category = models.CharField(max_length=1, choices=Category.choices, default=Category.MISSING)
    started_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN, db_index=True)
    risk_grade = models.CharField(max_length=20, choices=RiskGrade.choices, blank=True)  # the latest review's
    risk_graded_at = models.DateTimeField(null=True, blank=True)
    home = models.ForeignKey("registers.Home", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="missing_episodes")
    placement = models.ForeignKey("registers.Placement", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    found_location = models.CharField(max_length=300, blank=True)
    found_postcode = models.CharField(max_length=10, blank=True)
    found_easting = models.IntegerField(null=True, blank=True)
    found_northing = models.IntegerField(null=True, blank=True)
    found_by = models.CharField(max_length=16, choices=FoundBy.choices, blank=True)
    referrals_recorded_at = models.DateTimeField(null=True, blank=True)
    no_referral_reason = models.CharField(max_length=300, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["child", "started_at"])]

    def __str__(self) -> str:
        return f"Episode {self.pk}"

    @property
    def duration_hours(self) -> float | None:
        if self.ended_at is None:
            return None
        return round((self.ended_at - self.started_at).total_seconds() / 3600, 1)


class EpisodeSource(models.Model):
    """One source record of an episode: a police missing report or an SSDA903 Missing row (never both)."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="sources")
    missing_report = models.OneToOneField("police.MissingReport", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="episode_source")
    ssda903_missing = models.OneToOneField("registers.SSDA903Missing", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="episode_source")
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(missing_report__isnull=False, ssda903_missing__isnull=True)
                | models.Q(missing_report__isnull=True, ssda903_missing__isnull=False),
                name="episode_source_exactly_one",
            )
        ]


class RiskReview(models.Model):
    """A risk grading or re-grading (APP: record the information used, who supplied it and when; APP missing
    persons)."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="risk_reviews")
    grade = models.CharField(max_length=20, choices=RiskGrade.choices)
    reviewed_at = models.DateTimeField(db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewer_label = models.CharField(max_length=100, blank=True)  # "police missing report MP123" for imports
    supervisor_review = models.BooleanField(default=False)
    information_used = models.TextField(blank=True)
    supplied_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["reviewed_at"]


class ReturnInterview(Versioned, TimeStamped):
    """The return interview offered within 72 hours of return (DfE statutory guidance 2014; APP missing persons)."""

    class State(models.TextChoices):
        DUE = "due", "Due"
        OFFERED = "offered", "Offered"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"
        NOT_POSSIBLE = "not_possible", "Not possible"

    CLOSED_STATES = (State.COMPLETED, State.DECLINED, State.NOT_POSSIBLE)

    episode = models.OneToOneField(MissingEpisode, on_delete=models.PROTECT, related_name="return_interview")
    due_at = models.DateTimeField(db_index=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DUE, db_index=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)  # when completed, declined or found not possible
    reason = models.TextField(blank=True)  # for declined / not possible
    conducted_by = models.CharField(max_length=200, blank=True)  # someone not involved in the child's care
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    # Structured answers (APP missing persons: harm, push and pull factors, where and with whom, exploitation,
    # hotspots).
    harm_suffered = models.BooleanField(null=True)
    push_factors = models.JSONField(default=list, blank=True)
    pull_factors = models.JSONField(default=list, blank=True)
    exploitation_concerns = models.JSONField(default=list, blank=True)
    where_text = models.CharField("Where the child was", max_length=300, blank=True)
    with_whom_text = models.CharField("With whom", max_length=300, blank=True)
    notes = models.TextField(blank=True)

    @property
    def is_closed(self) -> bool:
        return self.state in self.CLOSED_STATES

    @property
    def status_label(self) -> str:
        """The state as a person reads it: an interview still open after its due time is overdue, not "Due"."""
        from django.utils import timezone

        if not self.is_closed and self.due_at < timezone.now():
            return "Overdue: offered but not yet held" if self.state == self.State.OFFERED else "Overdue: not offered"
        return self.get_state_display()

    @property
    def on_time(self) -> bool | None:
        if self.state != self.State.COMPLETED or self.completed_at is None:
            return None
        return self.completed_at <= self.due_at


class FollowUpReferral(models.Model):
    """A follow-up referral or multi-agency action after an episode (Howard League 2019)."""

    class Agency(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        MASE = "mase", "MASE panel (exploitation)"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        POLICE = "police", "Police safeguarding"
        OTHER = "other", "Other"

    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="referrals")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    note = models.CharField(max_length=300, blank=True)
    made_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)


class ComplianceItem(TimeStamped):
    """One finding of a daily compliance rule (rules.py) for one day, about an episode or a home."""

    rule = models.CharField(max_length=60, db_index=True)
    run_date = models.DateField(db_index=True)
    subject_key = models.CharField(max_length=60)  # "episode:12", "home:3"
    episode = models.ForeignKey(MissingEpisode, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="compliance_items")
    home = models.ForeignKey("registers.Home", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    detail = models.JSONField(default=dict, blank=True)  # ids and figures only

    class Meta:
        ordering = ["run_date", "rule", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "run_date", "subject_key"], name="unique_compliance_item")
        ]


class Escalation(Versioned, TimeStamped):
    """A coordinator's escalation of a compliance item to the provider or social care (Howard League 2019).
    Versioned: its state and resolution are edited by people (optimistic concurrency, ADR 0019)."""

    class To(models.TextChoices):
        PROVIDER = "provider", "The provider"
        SOCIAL_CARE = "social_care", "Children's social care"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    OPEN_STATES = (State.OPEN, State.ACKNOWLEDGED)

    item = models.ForeignKey(ComplianceItem, on_delete=models.PROTECT, related_name="escalations")
    to = models.CharField(max_length=16, choices=To.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN, db_index=True)
    due_on = models.DateField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
