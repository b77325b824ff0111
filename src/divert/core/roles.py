"""Roles and agencies.

A role decides what a user may see; an agency (and, for provider staff, a provider) decides whose records.
"""

from django.db import models


class Role(models.TextChoices):
    CICPO = "cicpo", "Children in care police officer"
    MFH_COORDINATOR = "mfh_coordinator", "Missing-from-home coordinator"
    ANALYST = "analyst", "Analyst"
    SOCIAL_WORKER = "social_worker", "Social worker"
    LEAVING_CARE = "leaving_care", "Leaving-care adviser"
    YOUTH_JUSTICE = "youth_justice", "Youth justice worker"
    PROSECUTOR = "prosecutor", "Prosecutor"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    PCSO = "pcso", "Police community support officer (early help)"
    ADMINISTRATOR = "administrator", "Administrator"


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    COUNCIL = "council", "Council children's services"
    YOUTH_JUSTICE = "yjs", "Youth Justice Service"
    CPS = "cps", "Crown Prosecution Service"
    PROVIDER = "provider", "Care provider"


ROLE_AGENCY = {
    Role.CICPO: Agency.POLICE,
    Role.MFH_COORDINATOR: Agency.POLICE,
    Role.ANALYST: Agency.POLICE,
    Role.SOCIAL_WORKER: Agency.COUNCIL,
    Role.LEAVING_CARE: Agency.COUNCIL,
    Role.YOUTH_JUSTICE: Agency.YOUTH_JUSTICE,
    Role.PROSECUTOR: Agency.CPS,
    Role.PROVIDER_MANAGER: Agency.PROVIDER,
    Role.PCSO: Agency.POLICE,
    Role.ADMINISTRATOR: Agency.COUNCIL,
}

# --- Named groups of roles ---------------------------------------------------------------------------------------
# Each app's `access.py` builds the roles of its pages, API and actions from these groups (ADR 0037), so that no
# page or endpoint writes out a list of roles. A team includes the administrator, who may do what any team does;
# `PROSECUTORS` does not.

EVERY_ROLE = frozenset(Role)
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
CICPO_TEAM = frozenset({Role.CICPO}) | ADMINISTRATORS  # the children-in-care police officers
MISSING_TEAM = frozenset({Role.MFH_COORDINATOR}) | ADMINISTRATORS  # the police's missing-from-home coordinators
ANALYSTS = frozenset({Role.ANALYST}) | ADMINISTRATORS
SOCIAL_WORKERS = frozenset({Role.SOCIAL_WORKER}) | ADMINISTRATORS
LEAVING_CARE_ADVISERS = frozenset({Role.LEAVING_CARE}) | ADMINISTRATORS
YOUTH_JUSTICE_TEAM = frozenset({Role.YOUTH_JUSTICE}) | ADMINISTRATORS
PROVIDER_STAFF = frozenset({Role.PROVIDER_MANAGER}) | ADMINISTRATORS
PROSECUTORS = frozenset({Role.PROSECUTOR})
PCSOS = frozenset({Role.PCSO})  # police community support officers (early help)
# Roles that see a caseload of children, and of the police's records only those naming a child on it.
CASELOAD_ROLES = frozenset({Role.LEAVING_CARE, Role.PCSO})
# The agencies that work a child's safeguarding together (the MASE panel): police (CiCPO, missing), the child's
# social worker and youth justice.
SAFEGUARDING_PARTNERS = CICPO_TEAM | MISSING_TEAM | SOCIAL_WORKERS | YOUTH_JUSTICE_TEAM

# Roles that may import files and see every matching decision.
IMPORT_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
# Roles that see every child in care (provider managers are scoped to their homes; prosecutors to the children
# with a case referred to the CPS; leaving-care advisers to the care leavers allocated to them, ADR 0040; police
# community support officers to the children whose early-help referral names them as the worker, ADR 0044).
ALL_CHILDREN_ROLES = frozenset(set(Role) - {Role.PROVIDER_MANAGER, Role.PROSECUTOR, Role.LEAVING_CARE, Role.PCSO})
