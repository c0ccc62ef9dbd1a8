"""The first filing policy: the on-site check within 20 working days of the filing (seed 000:
"自备案之日起20个工作日内进行现场检查核验") and the documents a filing needs.

The document list is a starting point for the city to adjust (a new policy row), not a quotation of
Order 66, whose article list is unverified (domain-rules.md §5.7).
"""

from datetime import date

from django.db import migrations

DOCUMENTS = [
    {"code": "registration", "name": "登记证书或营业执照"},
    {"code": "premises", "name": "服务场所权属或使用证明"},
    {"code": "fire_safety", "name": "消防验收或检查合格证明"},
    {"code": "commitment", "name": "备案承诺书"},
]


def load(apps, schema_editor):
    Policy = apps.get_model("institutions", "InstitutionPolicy")
    Policy.objects.get_or_create(
        effective_from=date(2019, 1, 1),
        defaults={
            "check_working_days": 20,
            "required_documents": DOCUMENTS,
            "source": "seed 000: 自备案之日起20个工作日内进行现场检查核验",
        },
    )


def unload(apps, schema_editor):
    apps.get_model("institutions", "InstitutionPolicy").objects.filter(
        effective_from=date(2019, 1, 1)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
