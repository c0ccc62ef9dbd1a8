"""A first GB/T 37276-2018 scoring sheet for the city to correct from the standard's text.

Only the four assessed parts and their split (环境 120, 设施设备 130, 运营管理 150, 服务 600,
total 1000) come from shared/standards/domain-rules.md §2, and even they are marked unverified
there; the items below follow the standard's chapter headings with points divided by us, and the
grade thresholds are placeholders. So the row is saved with `is_verified=False`, which the
assessment form shows in red, until the city enters a checked scheme (a newer row).
"""

from datetime import date

from django.db import migrations


def _items(part: str, names: list[tuple[str, int]]) -> list[dict]:
    return [
        {"code": f"{part}_{number}", "name": name, "max_points": points}
        for number, (name, points) in enumerate(names, start=1)
    ]


SECTIONS = [
    {
        "code": "environment",
        "name": "环境",
        "items": _items(
            "environment",
            [("交通便捷度与周边服务设施", 30), ("院内无障碍与标识", 50), ("绿化与室外活动场地", 40)],
        ),
    },
    {
        "code": "facilities",
        "name": "设施设备",
        "items": _items(
            "facilities",
            [("居室与卫生间", 50), ("就餐、洗浴与活动场所", 40), ("医疗、康复与安全设备", 40)],
        ),
    },
    {
        "code": "operations",
        "name": "运营管理",
        "items": _items(
            "operations",
            [
                ("行政、人力资源与财务管理", 50),
                ("安全管理与应急预案", 60),
                ("服务质量管理与评价", 40),
            ],
        ),
    },
    {
        "code": "services",
        "name": "服务",
        "items": _items(
            "services",
            [
                ("出入院服务", 60),
                ("生活照料服务", 150),
                ("膳食服务", 80),
                ("清洁卫生与洗涤服务", 60),
                ("医疗护理与康复服务", 120),
                ("文化娱乐与心理/精神支持服务", 80),
                ("安宁服务与委托服务", 50),
            ],
        ),
    },
]
THRESHOLDS = [
    {"grade": grade, "min_total": total, "min_sections": {}}
    for grade, total in ((5, 900), (4, 750), (3, 600), (2, 450), (1, 300))
]


def load(apps, schema_editor):
    apps.get_model("institutions", "GradeScheme").objects.get_or_create(
        effective_from=date(2019, 1, 1),
        defaults={
            "name": "GB/T 37276-2018（待核实）",
            "sections": SECTIONS,
            "thresholds": THRESHOLDS,
            "validity_years": 3,
            "is_verified": False,
            "source": "domain-rules.md §2: four parts 120/130/150/600 [unverified]; items and "
            "thresholds to be entered from the standard",
        },
    )


def unload(apps, schema_editor):
    apps.get_model("institutions", "GradeScheme").objects.filter(
        effective_from=date(2019, 1, 1)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("institutions", "0006_leave_and_grades")]

    operations = [migrations.RunPython(load, unload)]
