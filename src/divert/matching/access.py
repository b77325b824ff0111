"""Who may work the review queue of doubtful matches: the page, the API and the links from other pages."""

from divert.core.roles import Role

REVIEW_ROLES = (Role.ANALYST, Role.CICPO, Role.ADMINISTRATOR)
