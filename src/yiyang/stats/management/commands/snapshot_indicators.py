"""`yiyang snapshot_indicators [--month YYYY-MM]`: keep a month's indicator figures (issue 8).

Run it daily from cron: the running month is refreshed, a month that has ended is frozen.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yiyang.core.errors import DomainError
from yiyang.stats.formulas import parse_month
from yiyang.stats.services import snapshot_month


class Command(BaseCommand):
    help = "Write the indicator snapshots of a month (default: the running month)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", help="YYYY-MM; default the running month")

    def handle(self, *args, **options) -> None:
        try:
            month = (
                parse_month(options["month"])
                if options["month"]
                else timezone.localdate().replace(day=1)
            )
        except ValueError as error:
            raise CommandError("--month must be YYYY-MM") from error
        try:
            summary = snapshot_month(month)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{summary.month:%Y-%m}: {summary.created} created, {summary.updated} refreshed, "
            f"{summary.kept} kept"
        )
