"""Scheduled reminders by email (`divert protocol remind`, once a day): case-file sections overdue, to the role
that owns each section; panel reviews due and interventions overdue, to the youth justice workers who run the
panel. One email per person, listing case numbers and 903 ids only (names stay in Divert); each email writes the
access log (channel "email")."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone

from divert.core.audit import log_access
from divert.core.formats import uk_date
from divert.core.roles import Role

from .selectors import overdue_interventions, overdue_sections, reviews_due


@dataclass
class ReminderRun:
    emails: int = 0
    recipients: int = 0
    sections: int = 0
    reviews: int = 0
    interventions: int = 0


def _users(role: str, *, provider_id: int | None = None):
    qs = get_user_model().objects.filter(is_active=True, profile__role=role).exclude(email="")
    if role == Role.PROVIDER_MANAGER:
        qs = qs.filter(profile__provider_id=provider_id) if provider_id else qs.none()
    return list(qs)


def send_reminders(*, today: dt.date | None = None, dry_run: bool = False) -> ReminderRun:
    today = today or timezone.localdate()
    sections = overdue_sections(today=today)
    reviews = reviews_due(today=today)
    interventions = overdue_interventions(today=today)
    # Per recipient: {"sections": [...], "reviews": [...], "interventions": [...]} and the children concerned.
    todo: dict = defaultdict(lambda: {"sections": [], "reviews": [], "interventions": [], "children": set()})
    users: dict = {}
    for r in sections:
        case = r.form.case
        provider_id = case.home.provider_id if r.owner_role == Role.PROVIDER_MANAGER and case.home else None
        for u in _users(r.owner_role, provider_id=provider_id):
            users[u.pk] = u
            todo[u.pk]["sections"].append(r)
            todo[u.pk]["children"].add(case.child_id)
    for u in _users(Role.YOUTH_JUSTICE):
        if reviews or interventions:
            users[u.pk] = u
            todo[u.pk]["reviews"] = reviews
            todo[u.pk]["interventions"] = interventions
            todo[u.pk]["children"] |= {d.case.child_id for d in reviews}
            todo[u.pk]["children"] |= {i.decision.case.child_id for i in interventions}
    run = ReminderRun(sections=len(sections), reviews=len(reviews), interventions=len(interventions),
                      recipients=len(todo))
    if dry_run or not todo:
        run.emails = len(todo) if dry_run else 0
        return run
    site_url = settings.DIVERT.get("SITE_URL", "")
    messages = []
    for pk, items in todo.items():
        body = render_to_string("protocol/email/reminders.txt", {**items, "today": today, "site_url": site_url,
                                                                 "user": users[pk]})
        messages.append(EmailMessage(subject=f"Divert: protocol reminders for {uk_date(today)}", body=body,
                                     from_email=settings.DEFAULT_FROM_EMAIL, to=[users[pk].email]))
    with get_connection() as connection:
        run.emails = connection.send_messages(messages) or 0
    for pk, items in todo.items():
        log_access(user=users[pk], children=sorted(items["children"]) or None, channel="email",
                   what=f"protocol reminders {today.isoformat()}")
    return run
