"""The CiCPO's work on police records: triage, follow-ups, arrest alerts, and editable reference data.

The records worked on live in `divert.police`.
"""

from django.conf import settings
from django.db import models

from divert.core.models import TimeStamped, Versioned


class Route(models.TextChoices):
    """Recommended routes a CiCPO may advise (National protocol 2018; Home Office Counting Rules; CPB report 2021,
    2.7-2.9)."""

    NO_FURTHER_ACTION = "nfa", "No further action"
    HANDLED_BY_HOME = "home", "Handled by the home, as a family would"
    RESTORATIVE = "restorative", "Restorative approach"
    COMMUNITY_RESOLUTION = "community_resolution", "Community resolution (outcome 8)"
    OUTCOME_21 = "outcome_21", "Outcome 21 (not in the public interest)"
    OUTCOME_22 = "outcome_22", "Outcome 22 (diversionary activity)"
    OOCD_PANEL = "oocd_panel", "Refer to the out-of-court disposal panel"
    CHARGE_ADVICE = "charge_advice", "Charge advice"


class Triage(Versioned, TimeStamped):
    """A CiCPO's review of one daily-list entry (one incident)."""

    incident = models.OneToOneField("police.Incident", on_delete=models.CASCADE, related_name="triage")
    reviewed = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    advice_to_officer = models.TextField("Advice given to the officer in the case", blank=True)
    recommended_route = models.CharField(max_length=24, choices=Route.choices, blank=True)
    home_contacted = models.BooleanField("Home contacted", default=False)
    home_contact_notes = models.TextField("Contact with the home: notes", blank=True)

    def __str__(self) -> str:
        return f"Triage of incident {self.incident_id}"


class FollowUp(Versioned, TimeStamped):
    """Something a CiCPO must do by a date about an incident."""

    incident = models.ForeignKey("police.Incident", on_delete=models.CASCADE, related_name="followups")
    description = models.CharField(max_length=300)
    due_on = models.DateField(db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="divert_followups")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]


class ArrestAlert(TimeStamped):
    """An arrest of a child in care, screened from a custody record (CPB report 2021, 2.10). One per custody record,
    and one per arrest: a second custody record of the same child within `rules.SAME_ARREST_HOURS` raises none
    (`screening._create_alert` checks under a lock on the child); two records of the same child arrested at the same
    moment can never both have one (the database refuses it)."""

    custody = models.OneToOneField("police.CustodyRecord", on_delete=models.PROTECT, related_name="arrest_alert")
    child = models.ForeignKey("registers.Child", null=True, on_delete=models.PROTECT, related_name="+")
    arrested_at = models.DateTimeField(null=True, blank=True, help_text="The custody record's arrest time.")
    doubtful = models.BooleanField(default=False, help_text="The link is in the review queue, not confirmed.")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=200, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    escalated_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="The doubtful link was rejected.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["child", "arrested_at"], name="one_alert_per_arrest")]

    def __str__(self) -> str:
        return self.subject


class AlertRecipient(models.Model):
    """Who an arrest alert went to, and why."""

    class Reason(models.TextChoices):
        CICPO = "cicpo", "CiCPO team"
        YOUTH_JUSTICE = "youth_justice", "Youth justice service"
        SOCIAL_WORKER = "social_worker", "The child's social worker"
        ESCALATION = "escalation", "Escalation"

    alert = models.ForeignKey(ArrestAlert, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    email = models.EmailField()
    reason = models.CharField(max_length=16, choices=Reason.choices)
    sent_at = models.DateTimeField(null=True, blank=True)


class GuidanceText(TimeStamped):
    """Standard texts administrators edit in the admin: the arrest-screening email, the provider guidance."""

    key = models.SlugField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class ExploitationTerm(TimeStamped):
    """A word or phrase in a narrative that may indicate exploitation (County lines guidance 2023: keep indicator
    lists editable)."""

    class Kind(models.TextChoices):
        CCE = "cce", "Child criminal exploitation"
        CSE = "cse", "Child sexual exploitation"
        COUNTY_LINES = "county_lines", "County lines"
        GENERAL = "general", "General warning sign"

    term = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class ProviderResponse(TimeStamped):
    """A care provider's reply about an incident at one of its homes: what the home did, or the home's own account
    of what happened. Shown on the incident page beside the police record, so the CiCPO triages with both sides
    (CPB report 2021)."""

    class Kind(models.TextChoices):
        ACTION = "action", "What the home did"
        ACCOUNT = "account", "The home's account of the incident"

    incident = models.ForeignKey("police.Incident", on_delete=models.CASCADE, related_name="provider_responses")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
