"""`yiyang plan_day DAY.json [--seconds N] [--seed S]`: plan a day from a file, no database."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiyang.scheduling.dayplan import DayInputError, plan_day, read_day


class Command(BaseCommand):
    help = "Plan a day of caregiver visits from a JSON file; print the plan as the last line."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("day", type=Path)
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):
        try:
            data = json.loads(options["day"].read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"cannot read {options['day']}: {error}") from error
        try:
            day = read_day(data)
        except DayInputError as error:
            raise CommandError(f"{error.field}: {error.message}") from error
        if options["seconds"] <= 0:
            raise CommandError("--seconds: a number above 0")
        plan = plan_day(day, seconds=options["seconds"], seed=options["seed"])
        self.stdout.write(json.dumps(plan.as_json(), ensure_ascii=False))
