"""`yiyang load_scales`: create the shipped scales that are missing (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from yiyang.assessment.services.scales import load_builtin_scales


class Command(BaseCommand):
    help = "Create the shipped assessment scales (GB/T 42195-2022, MZ/T 039-2013, LTC 2021) if missing."

    def handle(self, *args, **options):
        created = load_builtin_scales(actor=None)
        for scale in created:
            self.stdout.write(f"{scale} {scale.status} verified={scale.is_verified}")
        self.stdout.write(f"{len(created)} scales created")
