"""Count the graded-institution share (一级及以上养老机构占比) from institutions' grade assessments.

Reruns 0002's install on the updated stats/data/indicators.json, as 0003 and 0005 do: the
definition becomes computed and existing targets are kept.
"""

from importlib import import_module

from django.db import migrations

seed = import_module("yiyang.stats.migrations.0002_seed_indicators")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("stats", "0005_service_circle_indicator"), ("institutions", "0001_initial")]
    operations = [migrations.RunPython(seed.install, migrations.RunPython.noop)]
