"""`divert alerts screen` (run arrest screening now) and `divert alerts escalate` (the scheduled escalation)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Arrest alerts: `screen` custody records now, or `escalate` alerts nobody acknowledged in time."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["screen", "escalate"])

    def handle(self, *args, **opts):
        from divert.incidents import screening

        if opts["action"] == "screen":
            counts = screening.run()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
        else:
            self.stdout.write(f"escalated: {screening.escalate()}")
