"""Point the indicators the platform can now count at their computations (institutions,
workforce, home care, telecare) and add the new ones (occupancy, 特困集中供养率, home-care
visits, hours and elders served, alarms answered within 60 s, devices online).

It reruns 0002's install on the updated stats/data/indicators.json: definitions are updated by
code and existing targets are kept. Reversing leaves the rows as they are: a computed indicator
turned back into a manual one would lose nothing, but the data file no longer says how.
"""

from importlib import import_module

from django.db import migrations

seed = import_module("yiyang.stats.migrations.0002_seed_indicators")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("stats", "0002_seed_indicators")]
    operations = [migrations.RunPython(seed.install, migrations.RunPython.noop)]
