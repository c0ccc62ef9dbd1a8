from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yiyang.assessment.services.due import finalise_due_assessments, request_due_reassessments


class Command(BaseCommand):
    help = (
        "Daily: make final the results whose publicity period is over, and request routine "
        "re-assessments for results about to lapse. Safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", default="", help="run as of this day (YYYY-MM-DD)")

    def handle(self, *args, date: str, **options):
        try:
            today = _day(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {date!r} is not YYYY-MM-DD") from None
        finalised = finalise_due_assessments(today)
        requested = request_due_reassessments(today)
        self.stdout.write(
            f"{today.isoformat()}: {finalised} results made final, "
            f"{requested} re-assessments requested"
        )


def _day(value: str):
    return date.fromisoformat(value)
