"""`yiyang install_programs 640300000000`: install the default benefit programmes."""

from django.core.management.base import BaseCommand, CommandError

from yiyang.benefits.services.defaults import install_default_programs
from yiyang.core.models import Region


class Command(BaseCommand):
    help = "Install the default benefit programmes (example figures) funded by a region."

    def add_arguments(self, parser) -> None:
        parser.add_argument("region", help="12-digit code of the funding region (the city)")

    def handle(self, *args, region: str, **options) -> None:
        funding = Region.objects.filter(code=region).first()
        if funding is None:
            raise CommandError(f"unknown region {region}")
        created = install_default_programs(funding)
        self.stdout.write(f"{created} programmes installed")
