"""Which roles may use which part of the CiCPO's work (built from the named groups in divert.core.roles).

One list per door-crossing permission, imported by the pages, the API and the actions alike."""

from divert.core.roles import (
    ADMINISTRATORS,
    ANALYSTS,
    CICPO_TEAM,
    EVERY_ROLE,
    LEAVING_CARE_ADVISERS,
    PROSECUTORS,
    PROVIDER_STAFF,
    SOCIAL_WORKERS,
    YOUTH_JUSTICE_TEAM,
)

# The daily list, incident pages and follow-ups: everyone but prosecutors.
LIST_ROLES = EVERY_ROLE - PROSECUTORS
TRIAGE_ROLES = CICPO_TEAM
# Who sees arrest alerts; whoever sees an alert may acknowledge it.
ALERT_ROLES = CICPO_TEAM | YOUTH_JUSTICE_TEAM | SOCIAL_WORKERS | LEAVING_CARE_ADVISERS
ACK_ROLES = ALERT_ROLES
# Who sees every arrest alert (anyone else in ALERT_ROLES sees the alerts sent to them).
ALL_ALERTS_ROLES = CICPO_TEAM | YOUTH_JUSTICE_TEAM
# Who is emailed an arrest alert by role (besides the child's social worker).
ALERT_RECIPIENT_ROLES = ALL_ALERTS_ROLES - ADMINISTRATORS
# Who is emailed when an alert is escalated unacknowledged.
ESCALATION_RECIPIENT_ROLES = CICPO_TEAM
# Who may post a custody record to the API for screening.
CUSTODY_ROLES = ANALYSTS | CICPO_TEAM | YOUTH_JUSTICE_TEAM
# Who sees the "review this link" controls on an incident page.
PROVIDER_VIEW_ROLES = PROVIDER_STAFF
# Who can be made the owner of a follow-up: every role with a follow-ups page (the owner marks it done).
FOLLOW_UP_OWNER_ROLES = CICPO_TEAM | SOCIAL_WORKERS | LEAVING_CARE_ADVISERS | YOUTH_JUSTICE_TEAM
