"""Who may work the review queue of doubtful matches: the page, the API and the links from other pages."""

from divert.core.roles import ANALYSTS, CICPO_TEAM

REVIEW_ROLES = ANALYSTS | CICPO_TEAM
