"""Add the 15-minute service circle's coverage (computed by the servicemap app) as an indicator.

Reruns 0002's install on the updated stats/data/indicators.json, as 0003 does: definitions are
updated by code and existing targets are kept.
"""

from importlib import import_module

from django.db import migrations

seed = import_module("yiyang.stats.migrations.0002_seed_indicators")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("stats", "0004_breakdown_snapshot"), ("servicemap", "0001_initial")]
    operations = [migrations.RunPython(seed.install, migrations.RunPython.noop)]
