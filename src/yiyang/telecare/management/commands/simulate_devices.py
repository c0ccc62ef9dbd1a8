"""`yiyang simulate_devices --devices N --rate R`: heartbeats and events of the demo devices."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yiyang.telecare.models import Device
from yiyang.telecare.simulation import DEMO_PREFIX, Simulator, sim_device


class Command(BaseCommand):
    help = "Publish realistic heartbeats and occasional events of the demo devices over MQTT."

    def add_arguments(self, parser):
        parser.add_argument("--devices", type=int, default=50, help="how many demo devices")
        parser.add_argument("--rate", type=float, default=5.0, help="messages a second in all")
        parser.add_argument("--seconds", type=float, default=60.0, help="how long (60)")
        parser.add_argument(
            "--event-share", type=float, default=0.002, help="share of messages that are events"
        )
        parser.add_argument(
            "--sos", type=int, default=0, help="publish this many SOS presses first"
        )
        parser.add_argument("--host", default=settings.TELECARE_MQTT_HOST)
        parser.add_argument("--port", type=int, default=settings.TELECARE_MQTT_PORT)
        parser.add_argument("--tenant", default=settings.TELECARE_TENANT)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):
        rows = list(
            Device.objects.active()  # scoped: a command of the operator, not a user's read
            .filter(serial__startswith=DEMO_PREFIX)
            .order_by("pk")
            .values_list("serial", "kind")[: options["devices"]]
        )
        if not rows:
            raise CommandError("no demo device: run `yiyang demo_city` first")
        simulator = Simulator(
            [sim_device(serial, kind) for serial, kind in rows],
            host=options["host"],
            port=options["port"],
            tenant=options["tenant"],
            event_share=options["event_share"],
            seed=options["seed"],
        )
        sos_devices = [d for d in simulator.devices if d.kind == "sos_button"] or simulator.devices
        for number in range(options["sos"]):
            simulator.publish(sos_devices[number % len(sos_devices)], "sos")
        stats = simulator.run(rate=options["rate"], seconds=options["seconds"])
        simulator.close()
        self.stdout.write(
            f"{len(rows)} devices: published {stats.published} ({stats.events} events), "
            f"acknowledged {stats.acknowledged}, back-pressure waits {stats.waits}, "
            f"by kind {stats.by_kind}"
        )
