"""The first filing policy, put back into a database that has none (after `flush`, as the test
runner does after each transactional test); migration 0002 seeds the same row once."""

from __future__ import annotations

from datetime import date

from django.db import DEFAULT_DB_ALIAS

FIRST_POLICY_FROM = date(2019, 1, 1)
DOCUMENTS = [
    {"code": "registration", "name": "登记证书或营业执照"},
    {"code": "premises", "name": "服务场所权属或使用证明"},
    {"code": "fire_safety", "name": "消防验收或检查合格证明"},
    {"code": "commitment", "name": "备案承诺书"},
]


def seed_policy_if_empty(sender=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from yiyang.institutions.models import InstitutionPolicy

    if InstitutionPolicy.objects.using(using).exists():
        return
    InstitutionPolicy.objects.using(using).create(
        effective_from=FIRST_POLICY_FROM,
        check_working_days=20,
        required_documents=DOCUMENTS,
        source="seed 000: 自备案之日起20个工作日内进行现场检查核验",
    )
