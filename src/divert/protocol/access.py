"""Which roles may use which part of the protocol (built from the named groups in divert.core.roles).

Imported by the pages, the API, the CLI and the actions alike."""

from divert.core.roles import (
    CICPO_TEAM,
    LEAVING_CARE_ADVISERS,
    PROSECUTORS,
    PROVIDER_STAFF,
    SOCIAL_WORKERS,
    YOUTH_JUSTICE_TEAM,
)

OPEN_ROLES = CICPO_TEAM
SEND_ROLES = CICPO_TEAM
PANEL_ROLES = YOUTH_JUSTICE_TEAM | CICPO_TEAM
CHARGING_ROLES = PROSECUTORS
# Who answers the protocol's questions on a case: the officer and the agencies that know the child.
QUESTION_ROLES = CICPO_TEAM | SOCIAL_WORKERS | PROVIDER_STAFF | YOUTH_JUSTICE_TEAM
# Who may fill any section of a case file, on top of the section's own owner role.
SECTION_OVERRIDE_ROLES = CICPO_TEAM
# Roles that see every protocol case. Prosecutors see CPS referrals, provider managers their homes' cases,
# leaving-care advisers the cases of the care leavers assigned to them.
ALL_CASES_ROLES = CICPO_TEAM | SOCIAL_WORKERS | YOUTH_JUSTICE_TEAM
# Who opens a case's pages (each sees the cases `selectors.cases_visible_to` gives them).
CASE_ROLES = ALL_CASES_ROLES | PROSECUTORS | PROVIDER_STAFF | LEAVING_CARE_ADVISERS
