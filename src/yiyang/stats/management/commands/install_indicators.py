"""`yiyang install_indicators`: (re)install the shipped indicators and 2025 targets."""

from django.core.management.base import BaseCommand

from yiyang.stats.defaults import install_default_indicators


class Command(BaseCommand):
    help = "Install or update the shipped indicators (seed 000 表1 and others); keeps targets."

    def handle(self, *args, **options) -> None:
        count = install_default_indicators()
        self.stdout.write(f"{count} indicators installed")
