"""`yiyang close_voucher_month [2026-03]`: record the voucher credit that expired by a month's end.

Run monthly (cron or the task runner) after the month's settlements are approved; with no month
it closes last month. Closing again writes nothing new (idempotent).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yiyang.benefits.eligibility import add_months, month_start
from yiyang.benefits.services import close_voucher_month


class Command(BaseCommand):
    help = "Write expiry entries for voucher credit that expired by the end of a month."

    def add_arguments(self, parser) -> None:
        parser.add_argument("month", nargs="?", help="YYYY-MM (default: last month)")

    def handle(self, *args, month: str | None = None, **options) -> None:
        if month:
            try:
                first = date.fromisoformat(f"{month}-01")
            except ValueError:
                raise CommandError(f"month must be YYYY-MM, not {month}") from None
        else:
            first = add_months(month_start(timezone.localdate()), -1)
        written = close_voucher_month(first, actor=None)
        self.stdout.write(f"{first:%Y-%m}: {len(written)} expiry entries written")
