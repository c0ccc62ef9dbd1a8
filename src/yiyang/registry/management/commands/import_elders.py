"""`yiyang import_elders FILE [--dry-run] [--report OUT.xlsx] [--json] [--user NAME]`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yiyang.core.errors import DomainError
from yiyang.core.models import User
from yiyang.registry.services.imports import import_elders


class Command(BaseCommand):
    help = "Import an elder list (.xlsx or .csv); rows with problems are reported, not written."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )
        parser.add_argument("--report", type=Path, help="Write the error report (.xlsx) here.")
        parser.add_argument(
            "--json", action="store_true", help="End with one JSON line of the counts."
        )
        parser.add_argument(
            "--user",
            help="Import as this user (their region limits the rows); default: the whole city.",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Cannot read {file}: no such file.").format(file=path))
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(_("No active user {name}.").format(name=options["user"]))

        def progress(rows: int) -> None:
            if not options["json"] and options["verbosity"] > 1:
                self.stderr.write(_("{rows} rows read").format(rows=rows))

        try:
            result = import_elders(
                path,
                actor=actor,
                dry_run=options["dry_run"],
                progress=progress,
                report_path=options["report"],
            )
        except DomainError as error:
            raise CommandError(
                _("Cannot import {file}: {reason}").format(file=path, reason=error.message)
            ) from error
        summary = result.summary()
        for problem in result.problems if not options["json"] else []:
            self.stdout.write(
                _("Row {row}, {column}: {message}").format(
                    row=problem.row, column=problem.column, message=problem.message
                )
            )
        if result.problem_count > len(result.problems) and not options["json"]:
            self.stdout.write(
                _("… and {count} more problems in the report.").format(
                    count=result.problem_count - len(result.problems)
                )
            )
        if result.report_path is not None and options["report"] is not None:
            self.stdout.write(_("Error report: {path}").format(path=result.report_path))
        elif result.report_path is not None:
            result.report_path.unlink(missing_ok=True)
        label = _("Dry run, nothing written") if options["dry_run"] else _("Imported")
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                _(
                    "{label}: {created} created, {updated} updated, {unchanged} unchanged, {rejected} rejected."
                ).format(label=label, **summary)
            )
