"""Generate the day's orders from the care plans and auto-confirm overdue visits (run daily)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from yiyang.homecare import services


class Command(BaseCommand):
    help = "Generate the day's care-plan orders and auto-confirm visits past the policy's hours."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=date.fromisoformat, default=None)

    def handle(self, *args, day=None, **options):
        day = day or timezone.localdate()
        generated = services.generate_orders(day)
        confirmed = services.auto_confirm_due()
        self.stdout.write(
            f"{day}: {generated.created} orders generated, {len(generated.skipped)} plans "
            f"skipped, {confirmed} visits auto-confirmed"
        )
        for pk, why in generated.skipped:
            self.stdout.write(f"  plan {pk}: {why}")
