"""Which roles may use which part of the CiCPO's work (roles in divert.core.roles).

One list per door-crossing permission, imported by the pages, the API and the actions alike."""

from divert.core.roles import Role

# The daily list, incident pages and follow-ups: everyone but prosecutors.
LIST_ROLES = tuple(r for r in Role if r != Role.PROSECUTOR)
TRIAGE_ROLES = (Role.CICPO, Role.ADMINISTRATOR)
# Who sees arrest alerts; whoever sees an alert may acknowledge it.
ALERT_ROLES = (Role.CICPO, Role.YOUTH_JUSTICE, Role.SOCIAL_WORKER, Role.LEAVING_CARE, Role.ADMINISTRATOR)
ACK_ROLES = ALERT_ROLES
# Who may post a custody record to the API for screening.
CUSTODY_ROLES = (Role.ANALYST, Role.ADMINISTRATOR, Role.CICPO, Role.YOUTH_JUSTICE)
# Who sees the "review this link" controls on an incident page.
PROVIDER_VIEW_ROLES = (Role.PROVIDER_MANAGER, Role.ADMINISTRATOR)
# Who can be made the owner of a follow-up: every role with a follow-ups page (the owner marks it done).
FOLLOW_UP_OWNER_ROLES = (Role.CICPO, Role.SOCIAL_WORKER, Role.LEAVING_CARE, Role.YOUTH_JUSTICE, Role.ADMINISTRATOR)
