"""Which roles may use which part of missing from care (built from the named groups in divert.core.roles)."""

from divert.core.roles import (
    ANALYSTS,
    CICPO_TEAM,
    EVERY_ROLE,
    MISSING_TEAM,
    PROSECUTORS,
    SAFEGUARDING_PARTNERS,
    SOCIAL_WORKERS,
)

EPISODE_ROLES = EVERY_ROLE - PROSECUTORS
PACK_ROLES = SAFEGUARDING_PARTNERS | ANALYSTS
# Panel roles that see children's names in the pack; the others see pseudonyms.
PACK_NAME_ROLES = SAFEGUARDING_PARTNERS
INTERVIEW_ROLES = MISSING_TEAM | SOCIAL_WORKERS
FINALISE_ROLES = MISSING_TEAM
RISK_ROLES = MISSING_TEAM | CICPO_TEAM
ESCALATION_ROLES = MISSING_TEAM
# Who reads the daily compliance list and may run the day's check from the page or the API.
COMPLIANCE_ROLES = ESCALATION_ROLES
# Who can be made the owner of an escalation.
ESCALATION_OWNER_ROLES = MISSING_TEAM | SOCIAL_WORKERS | CICPO_TEAM
