"""Which roles may use which part of missing from care (roles in divert.core.roles)."""

from divert.core.roles import Role

EPISODE_ROLES = (Role.MFH_COORDINATOR, Role.CICPO, Role.ANALYST, Role.SOCIAL_WORKER, Role.YOUTH_JUSTICE,
                 Role.ADMINISTRATOR, Role.PROVIDER_MANAGER, Role.LEAVING_CARE)
PACK_ROLES = (Role.MFH_COORDINATOR, Role.CICPO, Role.ANALYST, Role.SOCIAL_WORKER, Role.YOUTH_JUSTICE,
              Role.ADMINISTRATOR)
# Panel roles that see children's names in the pack; the others see pseudonyms.
PACK_NAME_ROLES = (Role.MFH_COORDINATOR, Role.CICPO, Role.SOCIAL_WORKER, Role.YOUTH_JUSTICE, Role.ADMINISTRATOR)
INTERVIEW_ROLES = (Role.MFH_COORDINATOR, Role.SOCIAL_WORKER, Role.ADMINISTRATOR)
FINALISE_ROLES = (Role.MFH_COORDINATOR, Role.ADMINISTRATOR)
RISK_ROLES = (Role.MFH_COORDINATOR, Role.CICPO, Role.ADMINISTRATOR)
ESCALATION_ROLES = (Role.MFH_COORDINATOR, Role.ADMINISTRATOR)
# Who reads the daily compliance list and may run the day's check from the page or the API.
COMPLIANCE_ROLES = ESCALATION_ROLES
# Who can be made the owner of an escalation.
ESCALATION_OWNER_ROLES = (Role.MFH_COORDINATOR, Role.SOCIAL_WORKER, Role.CICPO, Role.ADMINISTRATOR)
