"""The first home-service policy row: issue 5's figures (48 h, 15 min, 300 m), editable data."""

import datetime
from decimal import Decimal

from django.db import migrations


def add_policy(apps, schema_editor):
    policy = apps.get_model("homecare", "HomecarePolicy")
    policy.objects.get_or_create(
        valid_from=datetime.date(2020, 1, 1),
        defaults={
            "auto_confirm_hours": 48,
            "duration_tolerance_minutes": 15,
            "check_in_distance_m": 300,
            # Working values of the project until a local rule is read (shown as "to verify").
            "too_short_share": Decimal("0.500"),
            "low_rating": 2,
            "source": "issue 5; too-short share and low rating: TODO(verify)",
        },
    )


def remove_policy(apps, schema_editor):
    apps.get_model("homecare", "HomecarePolicy").objects.filter(
        valid_from=datetime.date(2020, 1, 1)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("homecare", "0001_initial")]

    operations = [migrations.RunPython(add_policy, remove_policy)]
