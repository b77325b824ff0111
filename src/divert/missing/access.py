"""Which roles may use which part of missing from care (roles in divert.core.roles)."""

from divert.core.roles import Role

EPISODE_ROLES = (Role.MFH_COORDINATOR, Role.CICPO, Role.ANALYST, Role.SOCIAL_WORKER, Role.YOUTH_JUSTICE,
                 Role.ADMINISTRATOR, Role.PROVIDER_MANAGER, Role.LEAVING_CARE)
PACK_ROLES = (Role.MFH_COORDINATOR, Role.CICPO, Role.ANALYST, Role.SOCIAL_WORKER, Role.YOUTH_JUSTICE,
              Role.ADMINISTRATOR)
# Panel roles that see children's names in the pack; the others see pseudonyms.
PACK_NAME_ROLES = (Role.MFH_COORDINATOR, Role.CICPO, Role.SOCIAL_WORKER, Role.YOUTH_JUSTICE, Role.ADMINISTRATOR)
