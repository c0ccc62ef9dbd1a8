import time

from django.core.management.base import BaseCommand

from yiyang.registry.services.duplicates import find_duplicates


class Command(BaseCommand):
    help = "Record new possible duplicates (same name and birth date in a county; same name and phone)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", default="", help="only elders whose community code starts with this"
        )

    def handle(self, *args, region: str, **options):
        started = time.perf_counter()
        count = find_duplicates(actor=None, region_prefix=region)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{count} new possible duplicates ({seconds:.2f}s)")
