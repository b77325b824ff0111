"""Which roles may use which part of outcomes (built from the named groups in divert.core.roles).

Imported by the pages, the API, the CLI and the actions alike."""

from divert.core.roles import ADMINISTRATORS, ANALYSTS, CICPO_TEAM, MISSING_TEAM, YOUTH_JUSTICE_TEAM

# Who may see the indicator, the reconciliation (it names children) and the board report.
INDICATOR_ROLES = ANALYSTS | CICPO_TEAM | YOUTH_JUSTICE_TEAM
RECONCILE_ROLES = ANALYSTS
# Who writes the board report's own sections, and loads the published comparators.
REPORT_ROLES = ANALYSTS
REFERENCE_ROLES = ANALYSTS
# Who adds to the impact log.
IMPACT_ROLES = CICPO_TEAM | ANALYSTS | MISSING_TEAM
# Who edits the unit costs of the value-for-money table (reference data); who reads them (the report's readers).
UNIT_COST_EDIT_ROLES = ADMINISTRATORS
UNIT_COST_READ_ROLES = INDICATOR_ROLES
