"""Early help and prevention with police community support officers (PCSOs) as named workers.

A child is referred to early help (by a school, the police, social care, health or the family); a PCSO is the
named worker. The PCSO's work is a list of contacts (home visits, engagement activities, joint visits, an
acceptable behaviour agreement...), each of an intervention type from an editable list. At each review the worker
records the child's exploitation risk, so the referral's risk reads as a trajectory from the referral to the latest
review. A referral closes with a reason; a new referral of the same child within 12 months of a closure is a
re-referral (Portsmouth PCSO minute). Writes go through actions.py.
"""

from django.conf import settings
from django.db import models

from divert.core.models import TimeStamped


class Risk(models.TextChoices):
    """The exploitation risk at referral and at each review: the partnership toolkit's three levels, and
    "no concerns" (Portsmouth PCSO minute: risk "eliminated or reduced to low")."""

    NONE = "none", "No concerns"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class InterventionType(TimeStamped):
    """One kind of PCSO intervention (editable reference data; the starting list is Divert's, as the source
    does not name the two main tools)."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Family(TimeStamped):
    """A child and family who are not looked after, referred to early help (most of a real early-help caseload).
    Pseudonymous: the early help service's own case reference, the child's initials, year of birth and postcode
    district; no name, no date of birth, no address. Seen only by the early help service and the PCSO named on
    one of its referrals; every showing writes an access-log row (access.log_family_access)."""

    reference = models.CharField("Early help case reference", max_length=40, unique=True,
                                 help_text="The service's own case number, e.g. EH-20391 (not a name)")
    initials = models.CharField("Child's initials", max_length=6, blank=True)
    birth_year = models.PositiveSmallIntegerField("Child's year of birth", null=True, blank=True)
    postcode_district = models.CharField("Postcode district", max_length=4, blank=True,
                                         help_text="The first part of the postcode only, e.g. PO4")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["reference"]
        verbose_name = "family not in care"
        verbose_name_plural = "families not in care"

    is_family = True  # templates tell a family from a registered child by this

    def __str__(self) -> str:
        bits = [b for b in (self.initials, f"born {self.birth_year}" if self.birth_year else "",
                            self.postcode_district) if b]
        return f"Family {self.reference}" + (f" ({', '.join(bits)})" if bits else "")


class FamilyAccess(models.Model):
    """Links a row of the access log (core.AccessLog, whose child is empty) to the family not in care shown, so
    "who saw this family" is one query, as it is for a child."""

    access = models.OneToOneField("core.AccessLog", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="access_rows")


class Referral(TimeStamped):
    """One referral to early help, with a PCSO as the named worker: of a child Divert knows (a looked-after child
    on the register) or of a family not in care (Family); exactly one of the two."""

    class Source(models.TextChoices):
        SCHOOL = "school", "School"
        POLICE = "police", "Police"
        SOCIAL_CARE = "social_care", "Children's social care"
        HEALTH = "health", "Health"
        FAMILY = "family", "The family or the child"
        OTHER = "other", "Another agency"

    class Concern(models.TextChoices):
        ASB = "asb", "Anti-social behaviour"
        EXPLOITATION = "exploitation", "Risk of exploitation"
        MISSING = "missing", "Going missing"
        FAMILY = "family", "Family relationships"
        SCHOOL = "school", "School attendance or behaviour"

    class Closure(models.TextChoices):
        NEEDS_MET = "needs_met", "Needs met: no further concerns"
        STEPPED_DOWN = "stepped_down", "Stepped down to universal services"
        STEPPED_UP = "stepped_up", "Stepped up to children's social care"
        DECLINED = "declined", "The family declined further support"
        MOVED = "moved", "The family moved away"

    child = models.ForeignKey("registers.Child", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="early_help_referrals")
    family = models.ForeignKey(Family, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField(db_index=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    concern = models.CharField(max_length=16, choices=Concern.choices)
    reason = models.TextField()
    initial_risk = models.CharField("Exploitation risk at referral", max_length=6, choices=Risk.choices)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="early_help_cases")
    closed_on = models.DateField(null=True, blank=True, db_index=True)
    closure = models.CharField(max_length=16, choices=Closure.choices, blank=True)
    closure_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["child", "referred_on"], name="earlyhelp_child_referred_idx")]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=models.Q(closed_on__isnull=True),
                                    name="earlyhelp_one_open_referral_per_child"),
            models.UniqueConstraint(fields=["family"], condition=models.Q(closed_on__isnull=True),
                                    name="earlyhelp_one_open_referral_per_family"),
            models.CheckConstraint(condition=(models.Q(child__isnull=False, family__isnull=True)
                                              | models.Q(child__isnull=True, family__isnull=False)),
                                   name="earlyhelp_referral_child_or_family"),
        ]

    def __str__(self) -> str:
        return f"Early-help referral {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def subject(self):
        """The child or the family referred."""
        return self.child if self.child_id else self.family

    @property
    def subject_key(self) -> tuple[str, int]:
        """("child", pk) or ("family", pk): the same subject across referrals (re-referrals, cohort counts)."""
        return ("child", self.child_id) if self.child_id else ("family", self.family_id)  # type: ignore[return-value]

    @property
    def subject_ref(self) -> str:
        """What the CLI and API print: the 903 CHILD id, or the family's case reference (never a name)."""
        if self.child is not None:
            return self.child.child_id
        return self.family.reference if self.family is not None else ""


class Contact(TimeStamped):
    """One piece of the named worker's work with the child and family: a visit, an engagement activity, a joint
    visit or an agreement, of an intervention type."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="contacts")
    on = models.DateField()
    intervention = models.ForeignKey(InterventionType, on_delete=models.PROTECT, related_name="+")
    child_engaged = models.BooleanField(default=True, help_text="The child took part")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-on", "-id"]


class Review(TimeStamped):
    """A review of the referral: the child's exploitation risk now and what was agreed."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    risk = models.CharField(max_length=6, choices=Risk.choices)
    note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["reviewed_on", "id"]
