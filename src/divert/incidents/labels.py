"""Display labels of the daily list's values: the people's roles, who called the police, the triage route."""

from divert.police.models import Incident, Involvement

from .models import Route

ROLE_LABELS = dict(Involvement.Role.choices)
REPORTED_BY_LABELS = dict(Incident.ReportedBy.choices)
ROUTE_LABELS = dict(Route.choices)
