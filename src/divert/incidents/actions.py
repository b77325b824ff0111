"""Writes of the CiCPO's work: triage, follow-ups, acknowledging alerts, custody records posted to the API.

Each is keyword-only, owns its transaction, takes the acting user and writes an audit row.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from divert.core.audit import record_audit
from divert.core.roles import Role
from divert.core.scoping import check_roles
from divert.core.versioning import save_edit
from divert.police.models import CustodyRecord, Incident

from .access import ACK_ROLES, CUSTODY_ROLES, TRIAGE_ROLES
from .models import ArrestAlert, FollowUp, GuidanceText, ProviderResponse, Triage


@transaction.atomic
def record_triage(*, incident: Incident, user, reviewed: bool, advice_to_officer: str = "",
                  recommended_route: str = "", home_contacted: bool = False, home_contact_notes: str = "",
                  version: int | None = None) -> Triage:
    """A CiCPO records their review of a list entry. Updating keeps one row per incident; the audit row keeps
    every changed field, before and after. Refused (StaleEdit) if someone saved it after `version` was read."""
    check_roles(user, *TRIAGE_ROLES)
    Triage.objects.get_or_create(incident=incident)
    triage = Triage.objects.select_for_update().get(incident=incident)
    values = {"reviewed": reviewed, "advice_to_officer": advice_to_officer, "recommended_route": recommended_route,
              "home_contacted": home_contacted, "home_contact_notes": home_contact_notes}
    if reviewed and not triage.reviewed_at:
        values.update(reviewed_at=timezone.now(), reviewed_by=user)
    save_edit(triage, actor=user, action="incidents.record_triage", expected_version=version, values=values,
              detail={"incident": incident.pk})
    return triage


@transaction.atomic
def add_followup(*, incident: Incident, user, description: str, due_on: dt.date, owner) -> FollowUp:
    """Add a follow-up; the same one sent twice (a double submit, a retried request) is added once: an open
    follow-up on the incident with the same text, due date and owner is returned instead."""
    check_roles(user, *TRIAGE_ROLES)
    Incident.objects.select_for_update().filter(pk=incident.pk).first()  # one adder at a time per incident
    same = FollowUp.objects.filter(incident=incident, description=description.strip(), due_on=due_on, owner=owner,
                                   done_at__isnull=True).first()
    if same is not None:
        return same
    followup = FollowUp.objects.create(incident=incident, description=description.strip(), due_on=due_on,
                                       owner=owner, created_by=user)
    record_audit(actor=user, action="incidents.add_followup", obj=followup,
                 detail={"incident": incident.pk, "due_on": due_on.isoformat(), "owner": owner.pk})
    return followup


@transaction.atomic
def complete_followup(*, followup: FollowUp, user, version: int | None = None) -> FollowUp:
    """The owner, or a CiCPO or administrator, marks a follow-up done. The first completion stands; a second one
    changes nothing."""
    if followup.owner_id != user.pk:
        check_roles(user, *TRIAGE_ROLES)
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if followup.done_at is None:
        save_edit(followup, actor=user, action="incidents.complete_followup",
                  expected_version=followup.version if version is None else version,
                  values={"done_at": timezone.now(), "done_by": user}, detail={"incident": followup.incident_id})
    return followup


@transaction.atomic
def acknowledge_alert(*, alert: ArrestAlert, user) -> ArrestAlert:
    """A person takes the arrest alert on: it stops escalating. The first acknowledgement stands."""
    check_roles(user, *ACK_ROLES)
    alert = ArrestAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), user
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
        record_audit(actor=user, action="incidents.acknowledge_alert", obj=alert,
                     detail={"custody": alert.custody_id})
    return alert


@transaction.atomic
def create_custody_record(*, user, custody_reference: str, arrested_at: dt.datetime, first_name: str = "",
                          last_name: str = "", date_of_birth: dt.date | None = None, sex: str = "",
                          address_given: str = "", postcode: str = "", offence: str = "") -> CustodyRecord:
    """A custody/arrest record posted by the force's system (POST /api/v1/custody)."""
    check_roles(user, *CUSTODY_ROLES)
    record = CustodyRecord.objects.create(
        custody_reference=custody_reference, arrested_at=arrested_at, first_name=first_name, last_name=last_name,
        date_of_birth=date_of_birth, sex=sex[:1].upper(), address_given=address_given, postcode=postcode,
        offence=offence, source_file="api")
    record_audit(actor=user, action="incidents.create_custody_record", obj=record,
                 detail={"custody_reference": custody_reference})
    return record


@transaction.atomic
def update_guidance(*, key: str, user, title: str, body: str) -> GuidanceText:
    check_roles(user, Role.ADMINISTRATOR)
    text, _ = GuidanceText.objects.select_for_update().get_or_create(key=key, defaults={"title": title, "body": body})
    text.title, text.body, text.updated_by = title, body, user
    text.save()
    record_audit(actor=user, action="incidents.update_guidance", obj=text, detail={"key": key})
    return text


@transaction.atomic
def record_provider_response(*, actor, incident: Incident, kind: str, text: str) -> ProviderResponse:
    """A provider manager records what their home did about an incident, or the home's own account of it. Only for
    an incident at one of the manager's homes; the same text sent twice is kept once."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from divert.registers.access import homes_visible_to

    check_roles(actor, Role.PROVIDER_MANAGER)
    if not incident.home_id or not homes_visible_to(actor).filter(pk=incident.home_id).exists():
        raise PermissionDenied("You can respond only about incidents at your own homes.")
    text = text.strip()
    if kind not in ProviderResponse.Kind.values or not text:
        raise ValidationError("Choose what you are recording and write it.")
    same = ProviderResponse.objects.filter(incident=incident, kind=kind, text=text, author=actor).first()
    if same is not None:
        return same
    response = ProviderResponse.objects.create(incident=incident, kind=kind, text=text, author=actor)
    record_audit(actor=actor, action="incidents.provider_response", obj=response,
                 detail={"incident": incident.pk, "kind": kind})
    return response
