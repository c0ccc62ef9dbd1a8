"""The demo accounts: one per staff level, with a fixed password printed for the demo."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from yiyang.core.models import Region, User
from yiyang.core.roles import Role
from yiyang.core.services import clear_login_failures, create_user

# Printed by `yiyang demo_admin`; demo accounts only, never a real deployment.
DEMO_PASSWORD = "yiyang-demo"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    region_code: str
    display_name: str
    duty: str  # printed beside the login


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.CITY_ADMIN, "640300000000", "吴忠市民政局管理员", "city administrator"),
    DemoAccount("shenhe", Role.CITY_ADMIN, "640300000000", "吴忠市民政局审核员", "city checker"),
    DemoAccount("litong", Role.DISTRICT_STAFF, "640302000000", "利通区民政局 王建华", "district clerk"),
    DemoAccount("litong2", Role.DISTRICT_STAFF, "640302000000", "利通区民政局 杨慧敏", "district checker"),
    DemoAccount("shengli", Role.STREET_STAFF, "640302001000", "胜利街道 李娟", "street clerk (maker)"),
    DemoAccount("shengli2", Role.STREET_STAFF, "640302001000", "胜利街道 马海燕", "street clerk (checker)"),
    DemoAccount("fuping", Role.COMMUNITY_STAFF, "640302001001", "富平社区 丁玉梅", "community worker"),
    DemoAccount("pinggu1", Role.ASSESSOR, "640302000000", "康宁评估中心 马丽萍", "assessor (Litong agency)"),
    DemoAccount("gaojing", Role.ALARM_OPERATOR, "640302000000", "利通区告警中心 马晓东", "alarm-centre operator"),
    DemoAccount("pinggu2", Role.ASSESSOR, "640302000000", "康宁评估中心 杨志军", "assessor (Litong agency)"),
    DemoAccount("fuwu", Role.PROVIDER_STAFF, "640302000000", "颐康居家养老服务中心 张敏", "provider dispatcher"),
    DemoAccount("huli1", Role.CAREGIVER, "640302001000", "护理员 马秀芳", "caregiver (phone page)"),
    DemoAccount("yanglao", Role.INSTITUTION_STAFF, "640302001000", "利通区颐康护理院 周建萍", "institution staff (beds, residents)"),
)  # fmt: skip


def ensure_demo_accounts(*, password: str | None = None) -> dict[str, User]:
    """Create the missing demo accounts; with `password`, (re)set it on every one of them.

    Without a password a new account cannot log in until `yiyang demo_admin` sets one.
    """
    accounts: dict[str, User] = {}
    with transaction.atomic():
        for spec in DEMO_ACCOUNTS:
            user = User.objects.filter(username=spec.username).first()
            if user is None:
                user = create_user(
                    username=spec.username,
                    password=password or "",
                    role=spec.role,
                    region=Region.objects.get(code=spec.region_code),
                    display_name=spec.display_name,
                )
                if password is None:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
            else:
                # A reset restores the demo role and region too, in case someone changed them.
                user.role, user.region_id, user.is_active = spec.role, spec.region_code, True
                if password is not None:
                    user.set_password(password)
                user.save(update_fields=["role", "region", "is_active", "password"])
            if password is not None:
                clear_login_failures(spec.username)
            accounts[spec.username] = user
    return accounts
