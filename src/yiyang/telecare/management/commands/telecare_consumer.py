"""`yiyang telecare_consumer`: the MQTT subscriber that turns device messages into alarms."""

import contextlib

from django.conf import settings
from django.core.management.base import BaseCommand

from yiyang.telecare.consumer import Consumer


class Command(BaseCommand):
    help = "Subscribe to yiyang/<tenant>/+/+ (QoS 1, persistent session) and ingest messages."
    # The system checks import every URLconf and API router: over 15 s on a loaded machine,
    # during which a restarted consumer answers no alarm. `yiyang check` runs them at deploy.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.TELECARE_MQTT_HOST)
        parser.add_argument("--port", type=int, default=settings.TELECARE_MQTT_PORT)
        parser.add_argument("--tenant", default=settings.TELECARE_TENANT)
        parser.add_argument(
            "--client-id",
            default="",
            help="Fixed id of the persistent session (default yiyang-telecare-<tenant>).",
        )
        parser.add_argument(
            "--check-every", type=float, default=30.0, help="Seconds between periodic checks."
        )
        parser.add_argument("--max-seconds", type=float, default=None)
        parser.add_argument(
            "--kinds",
            default="",
            help="Only these message kinds, comma-separated (e.g. sos,fall,smoke,gas,water_leak "
            "for an alarm-only consumer with its own --client-id); default all.",
        )

        parser.add_argument(
            "--share",
            default="",
            help="Join the shared subscription of this group ($share/<group>/…): run several "
            "consumers, each with its own --client-id, and the broker splits the messages.",
        )

    def _ready(self) -> None:
        # A line for whoever waits on this process (the benchmark): it now receives messages.
        self.stdout.write("subscribed")
        self.stdout.flush()

    def _loaded(self) -> None:
        self.stdout.write("devices loaded")
        self.stdout.flush()

    def handle(self, *args, **options):
        tenant = options["tenant"]
        consumer = Consumer(
            host=options["host"],
            port=options["port"],
            tenant=tenant,
            client_id=options["client_id"] or f"yiyang-telecare-{tenant}",
            check_every=options["check_every"],
            kinds=tuple(kind for kind in options["kinds"].split(",") if kind),
            share=options["share"],
        )
        self.stdout.write(f"listening on {consumer.topic} at {options['host']}:{options['port']}")
        consumer.on_ready = self._ready
        consumer.on_loaded = self._loaded
        with contextlib.suppress(KeyboardInterrupt):
            consumer.run(max_seconds=options["max_seconds"])
        stats = consumer.stats
        self.stdout.write(
            f"received {stats.received}, accepted {stats.accepted}, alarms {stats.alarms}, "
            f"duplicates {stats.duplicates}, refused {dict(stats.refused)}"
        )
