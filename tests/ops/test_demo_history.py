"""The demo's history of work (ops.demo_history) and the demo mail outbox (`divert demo outbox`)."""

import datetime as dt
import io

import pytest
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone

from divert.core.models import AuditEvent


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.slow
def test_demo_load_writes_a_history_of_work_through_the_actions(db, tmp_path, settings):
    from divert.incidents.models import ArrestAlert, Triage
    from divert.missing.models import ReturnInterview
    from divert.synth.clock import parse_now
    from divert.synth.generate import generate, make_profile

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    now = timezone.localtime().replace(second=0, microsecond=0)
    generate(tmp_path, profile=make_profile("city", scale=0.15, days=40), seed=3, now=parse_now(
        now.strftime("%Y-%m-%dT%H:%M")))
    out = _run("demo", "load", str(tmp_path))
    assert "History of work" in out
    past = timezone.now() - dt.timedelta(days=1)
    triaged = Triage.objects.filter(reviewed=True)
    assert triaged.exists() and triaged.filter(reviewed_at__lt=past).count() == triaged.count()
    assert AuditEvent.objects.filter(action="incidents.record_triage").count() == triaged.count()
    closed = ReturnInterview.objects.filter(state__in=ReturnInterview.CLOSED_STATES)
    assert closed.exists() and not closed.filter(completed_at__gt=timezone.now()).exists()
    assert AuditEvent.objects.filter(action="missing.return_interview.record").count() == closed.count()
    acknowledged = ArrestAlert.objects.filter(acknowledged_at__isnull=False)
    assert AuditEvent.objects.filter(action="incidents.acknowledge_alert").count() == acknowledged.count()
    assert all(a.acknowledged_at > a.custody.arrested_at for a in acknowledged.select_related("custody"))
    # Today's work is left waiting: the last two days' lists are not triaged.
    assert not Triage.objects.filter(incident__reported_at__gte=timezone.now() - dt.timedelta(hours=20)).exists()


def test_demo_outbox_lists_the_emails_sent_in_demo_mode(db, tmp_path, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"
    assert "empty" in _run("demo", "outbox")
    send_mail("Arrest screening: child in care in custody (CU1)", "body", "divert@localhost", ["cicpo@demo.invalid"])
    out = _run("demo", "outbox")
    assert "Arrest screening: child in care in custody (CU1)" in out and "cicpo@demo.invalid" in out
    assert "1 emails" in out
