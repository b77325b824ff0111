"""Registers: providers, homes (any setting with an address), children in care and their placements.

Children and placements come from the DfE SSDA903 return (DfE SSDA903 guidance); names and aliases, which the 903 does
not carry, come from the council's children's register extract (docs/adr/0003).
"""

from django.conf import settings
from django.db import models

from divert.core.models import Sourced


class Provider(Sourced):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority"
        PRIVATE = "private", "Private"
        VOLUNTARY = "voluntary", "Voluntary"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PRIVATE)
    contact_email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name


def home_label(name: str, postcode: str) -> str:
    """A home as people tell it apart: its name and postcode ("Kestrel House, NG7 2AB"). Several homes share a name
    ("Beacon House"), so lists, filters and tables name a home this way; the Ofsted URN is for officials only."""
    return f"{name}, {postcode}" if postcode else name


class Home(Sourced):
    """A children's home, supported accommodation or other setting a child is placed in."""

    class SettingType(models.TextChoices):
        LA_CHILDRENS_HOME = "la_childrens_home", "LA children's home"
        PRIVATE_CHILDRENS_HOME = "private_childrens_home", "Private children's home"
        SUPPORTED_ACCOMMODATION = "supported_accommodation", "Supported accommodation"
        OTHER = "other", "Other setting"

    urn = models.CharField("Ofsted URN", max_length=20, unique=True)
    name = models.CharField(max_length=200)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="homes")
    setting_type = models.CharField(max_length=32, choices=SettingType.choices)
    registered_places = models.PositiveSmallIntegerField(null=True, blank=True)
    address_line1 = models.CharField(max_length=200)
    address_line2 = models.CharField(max_length=200, blank=True)
    address_line3 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, db_index=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True, db_index=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with the postcode (`home_label`): what every list and filter shows."""
        return home_label(self.name, self.postcode)

    @property
    def address(self) -> str:
        parts = [self.address_line1, self.address_line2, self.address_line3, self.town, self.postcode]
        return ", ".join(p for p in parts if p)


class Child(Sourced):
    """A child looked after, keyed by the 903 CHILD identifier."""

    child_id = models.CharField("903 CHILD id", max_length=20, unique=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=1, blank=True)  # 903 SEX: 1 male, 2 female; stored as M/F/U
    date_of_birth = models.DateField()
    ethnicity = models.CharField(max_length=4, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True)
    postcode = models.CharField(max_length=10, blank=True)  # current placement postcode
    social_worker_name = models.CharField(max_length=200, blank=True)
    social_worker_email = models.EmailField(blank=True)
    # A care leaver's personal adviser (set by an administrator; no 903 field holds it). Leaving-care advisers see
    # the protocol cases of the care leavers assigned to them.
    leaving_care_adviser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="care_leavers")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.child_id


class ChildAlias(Sourced):
    """Another name a child is known by: a nickname, an alias, a previous surname."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="aliases")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=16, default="alias")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "first_name", "last_name"], name="unique_child_alias")
        ]


class Placement(Sourced):
    """One SSDA903 episode (DfE SSDA903 guidance). Codes are stored as the standard's codes."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements")
    decom = models.DateField("Episode start (DECOM)")
    dec = models.DateField("Episode end (DEC)", null=True, blank=True)
    rne = models.CharField(max_length=2)
    legal_status = models.CharField(max_length=2)  # LS
    cin = models.CharField(max_length=3)
    place = models.CharField(max_length=3)  # 2025-26 codes such as Z11 have three characters
    place_provider = models.CharField(max_length=3, blank=True)
    rec = models.CharField(max_length=3, blank=True)
    reason_place_change = models.CharField(max_length=6, blank=True)
    home_post = models.CharField(max_length=8, blank=True)
    pl_post = models.CharField(max_length=8, blank=True)
    urn = models.CharField(max_length=20, blank=True)
    home = models.ForeignKey(Home, null=True, blank=True, on_delete=models.PROTECT, related_name="placements")
    collection_year = models.PositiveSmallIntegerField()  # year the collection ends: 2026 = 2025-26

    class Meta:
        ordering = ["child", "decom"]
        constraints = [models.UniqueConstraint(fields=["child", "decom"], name="unique_episode_start")]


class SSDA903Missing(Sourced):
    """A row of the 903 Missing table: M missing, A away from placement without authorisation (APP missing persons)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="ssda903_missing")
    missing_type = models.CharField(max_length=1)  # M or A
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    collection_year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "start", "missing_type"], name="unique_903_missing")]


class OC2Record(Sourced):
    """A row of the 903 OC2 table for one collection year (DfE SSDA903 guidance; DfE CLA statistics)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="oc2")
    collection_year = models.PositiveSmallIntegerField()
    convicted = models.BooleanField(null=True)
    sdq_score = models.PositiveSmallIntegerField(null=True, blank=True)
    substance_misuse = models.BooleanField(null=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "collection_year"], name="unique_oc2_year")]
