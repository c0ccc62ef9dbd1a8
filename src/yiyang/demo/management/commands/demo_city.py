from django.core.management.base import BaseCommand, CommandError

from yiyang.demo.loader import load_demo_city


class Command(BaseCommand):
    help = (
        "Generate the synthetic demo city of Wuzhong (deterministic for a seed; re-running adds "
        "only what is missing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--elders", type=int, default=20000, help="how many elders (20000)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")

    def handle(self, *args, elders: int, seed: int, **options):
        if elders < 0:
            raise CommandError("--elders cannot be negative")
        verbose = options["verbosity"] > 1

        def progress(result):
            if verbose:
                self.stdout.write(f"  {result.elders_created + result.elders_skipped} elders …")

        result = load_demo_city(elders, seed=seed, progress=progress)
        timing = ", ".join(f"{step} {seconds:.1f}s" for step, seconds in result.seconds.items())
        self.stdout.write(
            f"demo city (seed {seed}): {result.regions_created} regions created; "
            f"{result.elders_created} elders created, {result.elders_skipped} already there; "
            f"{result.categories_created} categories, {result.contacts_created} contacts; "
            f"{result.duplicates_found} new possible duplicates; "
            f"{result.assessments_created} assessments created "
            f"({result.final_assessments_created} final); benefits "
            + ", ".join(f"{key} {count}" for key, count in result.benefits.items())
            + "; telecare "
            + ", ".join(f"{key} {count}" for key, count in result.telecare.items())
            + f" ({timing})"
        )
