"""The protocol case, its case-file forms (versioned, editable templates), crime outcomes and the OOCD panel.

Sources: National protocol on reducing unnecessary criminalisation of looked-after children (DfE/HO/MoJ, 2018);
Director's Guidance on Charging, 6th edition (CPS, 2025) for the Child Information Form; CPS 10-point checklist
(2017); Home Office Counting Rules crime outcome types; NPCC Child Gravity Matrix (2023, updated 2025).
"""

from django.conf import settings
from django.db import models

from divert.core.formats import uk_date
from divert.core.models import TimeStamped, Versioned
from divert.core.roles import Role


class Outcome(models.Model):
    """A crime outcome or disposal (reference data, editable by an administrator)."""

    code = models.CharField(max_length=40, unique=True)  # "1", "8", "22", "nfa", "youth_caution", ...
    label = models.CharField(max_length=200)
    home_office_type = models.PositiveSmallIntegerField(null=True, blank=True)  # HOCR outcome number, if any
    makes_first_time_entrant = models.BooleanField(default=False)
    leads_to_court = models.BooleanField(default=False, help_text="A charge: an FTE only if convicted")
    panel_option = models.BooleanField(default=True, help_text="Offered to the out-of-court disposal panel")
    gravity_score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The gravity matrix score (1-5) whose usual outcome this is")
    verified = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label


class FormTemplate(models.Model):
    """A case-file form (the national Child Information Form, the local 10-point checklist)."""

    slug = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title

    def current_version(self):
        return self.versions.filter(published=True).order_by("-number").first()


class FormTemplateVersion(TimeStamped):
    template = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    published = models.BooleanField(default=True)
    verified = models.BooleanField(default=False, help_text="False while the section list is unverified")
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="unique_template_version")]

    def __str__(self) -> str:
        return f"{self.template.title} v{self.number}"


class Section(models.Model):
    class Requirement(models.TextChoices):
        MANDATORY = "mandatory", "Mandatory"
        CONDITIONAL = "conditional", "Conditional"
        OPTIONAL = "optional", "Optional"

    version = models.ForeignKey(FormTemplateVersion, on_delete=models.PROTECT, related_name="sections")
    key = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    owner_role = models.CharField(max_length=32, choices=Role.choices)
    requirement = models.CharField(max_length=12, choices=Requirement.choices, default=Requirement.MANDATORY)
    condition = models.CharField(max_length=200, blank=True, help_text="When a conditional section applies")
    prefill = models.CharField(max_length=40, blank=True, help_text="Which known facts prefill this section")
    verified = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_section_key")]

    def __str__(self) -> str:
        return self.title


class ProtocolCase(Versioned, TimeStamped):
    class OpenedFrom(models.TextChoices):
        DAILY_LIST = "daily_list", "Daily-list entry"
        ARREST_ALERT = "arrest_alert", "Arrest alert"
        CUSTODY_RECORD = "custody_record", "Custody record"
        BY_HAND = "by_hand", "By hand"

    class State(models.TextChoices):
        OPEN = "open", "Gathering information"
        SENT_TO_PANEL = "sent_to_panel", "Sent to the out-of-court disposal panel"
        SENT_TO_CPS = "sent_to_cps", "Sent to the prosecutor"
        DECIDED = "decided", "Decided"
        CLOSED = "closed", "Closed"

    class FamilyTest(models.TextChoices):
        UNANSWERED = "", "Not answered"
        YES = "yes", "Yes: a family would have called the police"
        NO = "no", "No: a family would not have called the police"
        UNSURE = "unsure", "Unsure"

    child = models.ForeignKey("registers.Child", on_delete=models.PROTECT, related_name="protocol_cases")
    home = models.ForeignKey("registers.Home", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey("registers.Placement", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    incidents = models.ManyToManyField("police.Incident", blank=True, related_name="+")
    custody_record = models.ForeignKey("police.CustodyRecord", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    offence_key = models.CharField(
        max_length=80, help_text="What identifies the suspected offence: incident or custody reference")
    suspected_offence = models.CharField(max_length=200)
    offence_on = models.DateField(null=True, blank=True)
    in_the_home = models.BooleanField(null=True)
    opened_from = models.CharField(max_length=16, choices=OpenedFrom.choices)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    referred_to_cps = models.BooleanField(default=False, db_index=True)
    # The protocol's questions.
    family_test = models.CharField(max_length=8, choices=FamilyTest.choices, blank=True)
    family_test_reasons = models.TextField(blank=True)
    behaviour_policy_followed = models.BooleanField(null=True)
    why_police_involved = models.TextField(blank=True)
    restorative_action_taken = models.TextField(blank=True)
    victim_wishes = models.TextField(blank=True)
    exploitation_indicators = models.TextField(blank=True)
    duress_indicators = models.TextField(blank=True)
    modern_slavery_s45 = models.BooleanField("Possible s.45 Modern Slavery Act defence", null=True)
    childs_account = models.TextField("The child's own account and views", blank=True)
    # The prosecutor's charging decision (CPS referrals).
    charging_decision = models.CharField(max_length=200, blank=True)
    charging_reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["child", "offence_key"], name="one_case_per_suspected_offence")
        ]

    def __str__(self) -> str:
        return f"Protocol case {self.pk}"


class FilledForm(TimeStamped):
    case = models.ForeignKey(ProtocolCase, on_delete=models.CASCADE, related_name="forms")
    version = models.ForeignKey(FormTemplateVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="unique_form_per_case")]


class SectionResponse(Versioned, TimeStamped):
    class State(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        NOT_APPLICABLE = "not_applicable", "Does not apply"

    form = models.ForeignKey(FilledForm, on_delete=models.CASCADE, related_name="responses")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    owner_role = models.CharField(max_length=32, choices=Role.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.NOT_STARTED)
    text = models.TextField(blank=True)
    # [{"label": ..., "value": ..., "source": ..., "url": ...}], editable copies of what Divert knew.
    prefilled = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")

    class Meta:
        ordering = ["section__order"]
        constraints = [models.UniqueConstraint(fields=["form", "section"], name="unique_response_per_section")]


class PanelMeeting(TimeStamped):
    held_on = models.DateField(unique=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    # [{"name": ..., "role": ..., "agency": ...}]
    members = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Panel {uk_date(self.held_on)}"


class AgendaItem(models.Model):
    class Reason(models.TextChoices):
        REFERRED = "referred", "Referred since the last panel"
        REVIEW = "review", "Review due"
        ADDED = "added", "Added by the chair"

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(ProtocolCase, on_delete=models.PROTECT, related_name="agenda_items")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="unique_case_per_agenda")]


class PanelDecision(TimeStamped):
    class DecidedBy(models.TextChoices):
        JOINT = "joint", "Joint decision (youth justice and police)"
        POLICE = "police", "Police decision"

    case = models.ForeignKey(ProtocolCase, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(PanelMeeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="decisions")
    gravity_score = models.PositiveSmallIntegerField()
    aggravating_factors = models.TextField(blank=True)
    mitigating_factors = models.TextField(blank=True)
    departure_rationale = models.TextField(blank=True)
    admission = models.BooleanField(null=True)
    victim_views = models.TextField(blank=True)
    victim_consents_to_restorative = models.BooleanField(null=True)
    child_views = models.TextField(blank=True)
    carer_views = models.TextField(blank=True)
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="+")
    conditions = models.TextField(
        blank=True, help_text="The conditions of a youth conditional caution, or the activity of an outcome 22")
    decided_by = models.CharField(max_length=8, choices=DecidedBy.choices, default=DecidedBy.JOINT)
    first_time_entrant = models.BooleanField(default=False)
    review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")


class Intervention(TimeStamped):
    """What the panel agreed, who owns it (a Divert user, who gets the overdue reminders) and when it is due.
    `owner_note` keeps any words about the owner (a team, a second worker); interventions recorded before owners
    were users have no owner and keep their free-text owner there."""

    decision = models.ForeignKey(PanelDecision, on_delete=models.CASCADE, related_name="interventions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    owner_note = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    @property
    def owner_label(self) -> str:
        """The owner as colleagues know them (name, else username), with the note; the note alone for old rows."""
        owner = self.owner
        who = (owner.get_full_name() or owner.username) if owner is not None else ""
        return f"{who} ({self.owner_note})" if who and self.owner_note else (who or self.owner_note)


class ReminderSent(models.Model):
    """One reminder emailed to one person about one thing on one day: `divert protocol remind` sends nothing it
    has already sent that day, so a second run the same day sends nothing new."""

    class Kind(models.TextChoices):
        SECTION = "section", "Section overdue"
        REVIEW = "review", "Panel review due"
        INTERVENTION = "intervention", "Intervention overdue"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()  # the section response, panel decision or intervention
    sent_on = models.DateField(db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "kind", "object_id", "sent_on"],
                                               name="one_reminder_per_person_thing_and_day")]
