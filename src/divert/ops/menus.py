"""What each role can do: the home page's task list and the header navigation, registered with
`divert.core.menus` from `OpsConfig.ready()`. URLs are URL names, reversed when the menu is shown.
"""

from divert.core.menus import Task
from divert.core.roles import Role

from . import waiting

CHILDREN = Task(
    "Children in care",
    "registers:children",
    "Find a child and see their placements, police incidents, custody records and missing episodes.",
)
HOMES = Task(
    "Homes and settings",
    "registers:homes",
    "Homes, who runs them, who is placed there and police call-outs.",
)
DAILY = Task(
    "Daily incident list",
    "incidents:daily",
    "Yesterday's police incidents involving children in care or their homes, ready to triage.",
    waiting.daily_not_reviewed, "not reviewed",
)
FOLLOW_UPS = Task(
    "Follow-ups",
    "incidents:followups",
    "Actions agreed at triage that are still open.",
    waiting.my_followups, "open",
)
ALERTS = Task(
    "Arrest alerts",
    "incidents:alerts",
    "Children in care arrested or in custody, to screen now.",
    waiting.alerts_waiting, "waiting",
)
REVIEW = Task(
    "Match review queue",
    "matching:review",
    "Doubtful links between police records and children or homes.",
    waiting.review_open, "to decide",
)
MISSING_COMPLIANCE = Task(
    "Missing episodes and return interviews",
    "missing:compliance",
    "The daily compliance check: return interviews overdue, risk not graded or not reviewed, homes reporting far "
    "more than similar homes, children found where others were found.",
    waiting.compliance_today, "findings on the latest check",
)
PROVIDER_INCIDENTS = Task(
    "Incidents at your homes",
    "incidents:provider",
    "Police incidents at your homes involving the children placed with you.",
    waiting.daily_not_reviewed, "on today's list",
)
MISSING_EPISODES = Task(
    "Missing episodes",
    "missing:episodes",
    "Every missing and away-from-placement episode, with its return interview.",
    waiting.missing_now, "missing now",
)
MISSING_PACK = Task(
    "Missing panel pack",
    "missing:pack",
    "The monthly missing-from-care panel pack.",
)
IMPORTS = Task(
    "Imports",
    "ingest:upload",
    "Import SSDA903, homes, incidents, custody and missing-report files, and read each import's report.",
)
ACCESS_LOG = Task(
    "Access log",
    "core:access_log",
    "Who viewed which child's record, when and how.",
)
API_DOCS = Task(
    "API documentation",
    "api-v1:openapi-view",
    "The REST API for reading and recording work (token or session).",
)
PROTOCOL = Task(
    "Protocol cases",
    "protocol:cases",
    "Children in care suspected of an offence: the case file for the prosecutor or the out-of-court disposal panel.",
    waiting.open_cases, "open",
)
PANELS = Task(
    "Out-of-court disposal panels",
    "protocol:panels",
    "The weekly panel: agenda, papers, decisions and minutes.",
)
INDICATOR = Task(
    "Offending indicator",
    "outcomes:indicator",
    "The national offending indicator by year, its trend and comparators, and the reconciliation before the "
    "return is sent.",
)
BOARD_REPORT = Task(
    "Corporate Parenting Board report",
    "outcomes:report",
    "The year's report on offending by children in care, as a page, PDF or Word document.",
)
UNIT_COSTS = Task(
    "Unit costs",
    "outcomes:unit_costs",
    "The costs the value-for-money table uses, each with its source and price year: add or change them.",
)
IMPACT_LOG = Task(
    "Impact log",
    "outcomes:impact",
    "Child-centred activities: forums, training for homes, diversionary sessions and campaigns, by quarter.",
)
MASE = Task(
    "MASE panel",
    "exploitation:mase",
    "Children at medium or high risk of exploitation: VOLT, the places that link them, the meeting's minutes.",
)
MASE_TRACKER = Task(
    "Exploitation action tracker",
    "exploitation:tracker",
    "Actions the MASE panel agreed, by agency: update your agency's.",
)
INTERVENTIONS = Task(
    "Panel interventions",
    "protocol:interventions",
    "What the out-of-court disposal panel agreed, who does it and when: mark each done.",
)
EARLY_HELP = Task(
    "Early help",
    "earlyhelp:caseload",
    "Children and families referred to early help with a police community support officer as the named worker: "
    "visits, activities, reviews of exploitation risk and closure.",
    waiting.early_help_reviews_due, "reviews due",
)
EARLY_HELP_COHORTS = Task(
    "Early help cohort report",
    "earlyhelp:cohorts",
    "Early-help referrals by year: re-referrals within 12 months and how exploitation risk changed.",
)
ADMIN = Task(
    "Site administration (Django admin)",
    "admin:index",
    "Django's built-in administration pages, not Divert's own: add users and set their role and provider, revoke "
    "API tokens, edit reference data (guidance texts, outcomes, exploitation indicators) and read the audit log.",
)

TASKS: dict[str, list[Task]] = {
    Role.CICPO: [DAILY, ALERTS, FOLLOW_UPS, PROTOCOL, MASE, MASE_TRACKER, CHILDREN, HOMES, REVIEW, IMPACT_LOG,
                 INDICATOR],
    Role.MFH_COORDINATOR: [MISSING_COMPLIANCE, MISSING_EPISODES, MISSING_PACK, MASE, MASE_TRACKER, CHILDREN, HOMES,
                           DAILY],
    Role.ANALYST: [INDICATOR, BOARD_REPORT, IMPACT_LOG, EARLY_HELP_COHORTS, IMPORTS, REVIEW, MISSING_PACK, CHILDREN,
                   HOMES, API_DOCS],
    Role.SOCIAL_WORKER: [CHILDREN, DAILY, FOLLOW_UPS, PROTOCOL, MASE, MASE_TRACKER, EARLY_HELP, MISSING_EPISODES,
                         HOMES],
    Role.LEAVING_CARE: [PROTOCOL, CHILDREN, FOLLOW_UPS, MASE_TRACKER, HOMES],
    Role.YOUTH_JUSTICE: [PANELS, INTERVENTIONS, PROTOCOL, MASE, MASE_TRACKER, ALERTS, CHILDREN, FOLLOW_UPS, HOMES,
                         INDICATOR],
    Role.PROSECUTOR: [PROTOCOL, CHILDREN],
    Role.PROVIDER_MANAGER: [HOMES, PROVIDER_INCIDENTS, PROTOCOL, MASE_TRACKER, CHILDREN, MISSING_EPISODES],
    Role.PCSO: [EARLY_HELP, EARLY_HELP_COHORTS, CHILDREN],
    Role.ADMINISTRATOR: [ACCESS_LOG, ADMIN, IMPORTS, REVIEW, PROTOCOL, MASE, INDICATOR, BOARD_REPORT, UNIT_COSTS,
                          EARLY_HELP, CHILDREN, HOMES, API_DOCS],
}

# Header navigation: the few most-used places per role.
NAV: dict[str, list[tuple[str, Task]]] = {
    Role.CICPO: [("Daily list", DAILY), ("Alerts", ALERTS), ("Children", CHILDREN), ("Homes", HOMES)],
    Role.MFH_COORDINATOR: [("Missing", MISSING_COMPLIANCE), ("Children", CHILDREN), ("Homes", HOMES)],
    Role.ANALYST: [("Indicator", INDICATOR), ("Imports", IMPORTS), ("Review", REVIEW), ("Children", CHILDREN),
                   ("Homes", HOMES)],
    Role.SOCIAL_WORKER: [("Children", CHILDREN), ("Daily list", DAILY), ("Homes", HOMES)],
    Role.LEAVING_CARE: [("Children", CHILDREN), ("Homes", HOMES)],
    Role.YOUTH_JUSTICE: [("Panels", PANELS), ("Alerts", ALERTS), ("Children", CHILDREN), ("Homes", HOMES)],
    Role.PROSECUTOR: [("Cases", PROTOCOL), ("Children", CHILDREN)],
    Role.PROVIDER_MANAGER: [("Your homes", HOMES), ("Incidents", PROVIDER_INCIDENTS),
                            ("Children", CHILDREN)],
    Role.PCSO: [("Early help", EARLY_HELP), ("Cohorts", EARLY_HELP_COHORTS), ("Children", CHILDREN)],
    Role.ADMINISTRATOR: [("Access log", ACCESS_LOG), ("Imports", IMPORTS), ("Children", CHILDREN),
                         ("Homes", HOMES)],
}
