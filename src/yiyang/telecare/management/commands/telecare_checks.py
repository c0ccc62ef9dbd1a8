"""`yiyang telecare_checks`: run the periodic alarm checks once (cron, or a task worker)."""

from django.core.management.base import BaseCommand

from yiyang.telecare.services.checks import run_checks


class Command(BaseCommand):
    help = "Raise silence, no-motion and door-open alarms; escalate unacknowledged ones."

    def handle(self, *args, **options):
        summary = run_checks()
        self.stdout.write(str(summary))
