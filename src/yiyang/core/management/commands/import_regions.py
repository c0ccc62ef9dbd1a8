from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiyang.core.errors import DomainError
from yiyang.core.services import import_regions


class Command(BaseCommand):
    help = "Load a region tree from a CSV file with columns code,name,parent_code (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"cannot read {file}: no such file")
        try:
            result = import_regions(file)
        except DomainError as error:
            raise CommandError(error.message) from None
        if result.problems:
            for line_number, problem in result.problems:
                self.stderr.write(f"line {line_number}: {problem}")
            raise CommandError(f"{len(result.problems)} bad lines; nothing was loaded")
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"
        )
