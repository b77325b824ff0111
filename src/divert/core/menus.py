"""What each role can do: the home page's task list and the header navigation.

Plain paths (not reversed names) so that pages built by other apps can appear without breaking this one.
"""

from .roles import Role

CHILDREN = ("Children in care", "/registers/children/", "Find a child and see their placements, police incidents, "
            "custody records and missing episodes.")
HOMES = ("Homes and settings", "/registers/homes/", "Homes, who runs them, who is placed there and police call-outs.")
DAILY = ("Daily incident list", "/incidents/daily/", "Yesterday's police incidents involving children in care or "
         "their homes, ready to triage.")
FOLLOW_UPS = ("Follow-ups", "/incidents/follow-ups/", "Actions agreed at triage that are still open.")
ALERTS = ("Arrest alerts", "/incidents/alerts/", "Children in care arrested or in custody, to screen now.")
REVIEW = ("Match review queue", "/matching/review/", "Doubtful links between police records and children or homes.")
MISSING_COMPLIANCE = ("Missing episodes and return interviews", "/missing/compliance/",
                      "Episodes without a return interview offered within 72 hours.")
PROVIDER_INCIDENTS = ("Incidents at your homes", "/incidents/provider/",
                      "Police incidents at your homes involving the children placed with you.")
MISSING_EPISODES = ("Missing episodes", "/missing/", "Every missing and away-from-placement episode, with its "
                    "return interview.")
MISSING_PACK = ("Missing panel pack", "/missing/pack/", "The monthly missing-from-care panel pack.")
IMPORTS = ("Imports", "/imports/", "Import SSDA903, homes, incidents, custody and missing-report files, "
           "and read each import's report.")
ACCESS_LOG = ("Access log", "/access-log/", "Who viewed which child's record, when and how.")
API_DOCS = ("API documentation", "/api/v1/docs", "The read-only REST API (token or session).")
PROTOCOL = ("Protocol cases", "/protocol/", "Children in care suspected of an offence: the case file for the "
            "prosecutor or the out-of-court disposal panel.")
PANELS = ("Out-of-court disposal panels", "/protocol/panels/", "The weekly panel: agenda, papers, decisions and "
          "minutes.")
ADMIN = ("User administration", "/admin/", "Add users, set roles and providers, revoke API tokens.")

TASKS: dict[str, list[tuple[str, str, str]]] = {
    Role.CICPO: [DAILY, ALERTS, FOLLOW_UPS, PROTOCOL, CHILDREN, HOMES, REVIEW],
    Role.MFH_COORDINATOR: [MISSING_EPISODES, MISSING_COMPLIANCE, MISSING_PACK, CHILDREN, HOMES, DAILY],
    Role.ANALYST: [IMPORTS, REVIEW, MISSING_PACK, CHILDREN, HOMES, API_DOCS],
    Role.SOCIAL_WORKER: [CHILDREN, DAILY, FOLLOW_UPS, PROTOCOL, MISSING_COMPLIANCE, HOMES],
    Role.LEAVING_CARE: [CHILDREN, FOLLOW_UPS, HOMES],
    Role.YOUTH_JUSTICE: [PANELS, PROTOCOL, ALERTS, CHILDREN, FOLLOW_UPS, HOMES],
    Role.PROSECUTOR: [PROTOCOL, CHILDREN],
    Role.PROVIDER_MANAGER: [HOMES, PROVIDER_INCIDENTS, PROTOCOL, CHILDREN, MISSING_COMPLIANCE],
    Role.ADMINISTRATOR: [ACCESS_LOG, ADMIN, IMPORTS, REVIEW, PROTOCOL, CHILDREN, HOMES, API_DOCS],
}

# Header navigation: the few most-used places per role.
NAV: dict[str, list[tuple[str, str]]] = {
    Role.CICPO: [("Daily list", DAILY[1]), ("Alerts", ALERTS[1]), ("Children", CHILDREN[1]), ("Homes", HOMES[1])],
    Role.MFH_COORDINATOR: [("Missing", MISSING_COMPLIANCE[1]), ("Children", CHILDREN[1]), ("Homes", HOMES[1])],
    Role.ANALYST: [("Imports", IMPORTS[1]), ("Review", REVIEW[1]), ("Children", CHILDREN[1]), ("Homes", HOMES[1])],
    Role.SOCIAL_WORKER: [("Children", CHILDREN[1]), ("Daily list", DAILY[1]), ("Homes", HOMES[1])],
    Role.LEAVING_CARE: [("Children", CHILDREN[1]), ("Homes", HOMES[1])],
    Role.YOUTH_JUSTICE: [("Alerts", ALERTS[1]), ("Children", CHILDREN[1]), ("Homes", HOMES[1])],
    Role.PROSECUTOR: [("Children", CHILDREN[1])],
    Role.PROVIDER_MANAGER: [("Your homes", HOMES[1]), ("Incidents", PROVIDER_INCIDENTS[1]),
                            ("Children", CHILDREN[1])],
    Role.ADMINISTRATOR: [("Access log", ACCESS_LOG[1]), ("Imports", IMPORTS[1]), ("Children", CHILDREN[1]),
                         ("Homes", HOMES[1])],
}


def tasks_for(role: str | None) -> list[tuple[str, str, str]]:
    return TASKS.get(role, []) if role else []


def nav_for(role: str | None) -> list[tuple[str, str]]:
    return NAV.get(role, []) if role else []
