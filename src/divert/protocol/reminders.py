"""Scheduled reminders by email (`divert protocol remind`, once a day): case-file sections overdue, to the role
that owns each section; panel reviews due, to the youth justice workers who run the panel; interventions overdue,
to the intervention's owner (to the youth justice workers when it has no owner who can be emailed). One email per
person, listing case numbers and 903 ids only (names stay in Divert); each email writes the access log (channel
"email").

Each reminder sent is recorded (`ReminderSent`: person, thing, day), so running the job again the same day sends
nothing new: only what became due since, or what an earlier run could not send."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from divert.core.audit import log_access
from divert.core.formats import uk_date
from divert.core.roles import Role

from .models import ReminderSent
from .selectors import cases_visible_to, overdue_interventions, overdue_sections, reviews_due

KINDS = {"sections": ReminderSent.Kind.SECTION, "reviews": ReminderSent.Kind.REVIEW,
         "interventions": ReminderSent.Kind.INTERVENTION}


@dataclass
class ReminderRun:
    emails: int = 0
    recipients: int = 0
    sections: int = 0
    reviews: int = 0
    interventions: int = 0
    already_sent: int = 0  # reminders due today that an earlier run today already sent
    to_owner: int = 0  # overdue interventions emailed to their owner (the others to the youth justice workers)


def _users(role: str, *, provider_id: int | None = None):
    qs = get_user_model().objects.filter(is_active=True, profile__role=role).exclude(email="")
    if role == Role.PROVIDER_MANAGER:
        qs = qs.filter(profile__provider_id=provider_id) if provider_id else qs.none()
    return list(qs)


def intervention_recipients(intervention, *, youth_justice: list) -> list:
    """Who is reminded of an overdue intervention: its owner, when the owner is active, has an email address and
    may still see the case; otherwise (no owner: recorded before owners were users; or the owner left or moved)
    every youth justice worker, who run the panel."""
    owner = intervention.owner
    if (owner is not None and owner.is_active and owner.email
            and cases_visible_to(owner).filter(pk=intervention.decision.case_id).exists()):
        return [owner]
    return youth_justice


def _child_of(kind: str, item) -> int:
    if kind == "sections":
        return item.form.case.child_id
    if kind == "reviews":
        return item.case.child_id
    return item.decision.case.child_id


def send_reminders(*, today: dt.date | None = None, dry_run: bool = False) -> ReminderRun:
    today = today or timezone.localdate()
    sections = overdue_sections(today=today)
    reviews = reviews_due(today=today)
    interventions = overdue_interventions(today=today)
    run = ReminderRun(sections=len(sections), reviews=len(reviews), interventions=len(interventions))
    # Per recipient: {"sections": [...], "reviews": [...], "interventions": [...]}.
    todo: dict = defaultdict(lambda: {"sections": [], "reviews": [], "interventions": []})
    users: dict = {}

    def add(user, kind: str, item) -> None:
        users[user.pk] = user
        todo[user.pk][kind].append(item)

    for r in sections:
        case = r.form.case
        provider_id = case.home.provider_id if r.owner_role == Role.PROVIDER_MANAGER and case.home else None
        for u in _users(r.owner_role, provider_id=provider_id):
            add(u, "sections", r)
    youth_justice = _users(Role.YOUTH_JUSTICE)
    for u in youth_justice:
        for d in reviews:
            add(u, "reviews", d)
    for i in interventions:
        to = intervention_recipients(i, youth_justice=youth_justice)
        run.to_owner += to == [i.owner]
        for u in to:
            add(u, "interventions", i)
    # Leave out what was already sent to that person today.
    sent = set(ReminderSent.objects.filter(sent_on=today, recipient_id__in=list(todo))
               .values_list("recipient_id", "kind", "object_id"))
    for pk, items in list(todo.items()):
        for kind in KINDS:
            kept = [x for x in items[kind] if (pk, KINDS[kind], x.pk) not in sent]
            run.already_sent += len(items[kind]) - len(kept)
            items[kind] = kept
        if not any(items[k] for k in KINDS):
            del todo[pk]
    run.recipients = len(todo)
    if dry_run or not todo:
        run.emails = len(todo) if dry_run else 0
        return run
    site_url = settings.DIVERT.get("SITE_URL", "")
    with get_connection() as connection:
        for pk, items in todo.items():
            user = users[pk]
            rows = [ReminderSent(recipient=user, kind=KINDS[kind], object_id=x.pk, sent_on=today)
                    for kind in KINDS for x in items[kind]]
            body = render_to_string("protocol/email/reminders.txt", {**items, "today": today, "site_url": site_url,
                                                                     "user": user})
            message = EmailMessage(subject=f"Divert: protocol reminders for {uk_date(today)}", body=body,
                                   from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email], connection=connection)
            try:
                # Record first, then send, in one transaction: a run at the same moment waits on the record and
                # then skips this person; a failed send rolls the record back, so tomorrow's run (or a re-run)
                # sends it.
                with transaction.atomic():
                    ReminderSent.objects.bulk_create(rows)
                    run.emails += message.send() or 0
                    children = sorted({_child_of(kind, x) for kind in KINDS for x in items[kind]})
                    log_access(user=user, children=children or None, channel="email",
                               what=f"protocol reminders {today.isoformat()}")
            except IntegrityError:
                run.already_sent += len(rows)
    return run
