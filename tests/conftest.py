"""Shared fixtures: a small region tree of Wuzhong and the actors of STYLE.md B8."""

from __future__ import annotations

import pytest

from yiyang.core.models import Region, User
from yiyang.core.roles import Role

CITY = "640300000000"
DISTRICT = "640302000000"
STREET_A = "640302001000"
STREET_B = "640302002000"
COMMUNITY_A1 = "640302001001"
COMMUNITY_A2 = "640302001002"
COMMUNITY_B1 = "640302002001"
OTHER_DISTRICT = "640381000000"
OTHER_STREET = "640381001000"
OTHER_COMMUNITY = "640381001001"

TREE = [
    ("640000000000", "宁夏回族自治区", 1, None),
    (CITY, "吴忠市", 2, "640000000000"),
    (DISTRICT, "利通区", 3, CITY),
    (STREET_A, "胜利街道", 4, DISTRICT),
    (STREET_B, "金星镇", 4, DISTRICT),
    (COMMUNITY_A1, "富平社区", 5, STREET_A),
    (COMMUNITY_A2, "明珠社区", 5, STREET_A),
    (COMMUNITY_B1, "新华社区", 5, STREET_B),
    (OTHER_DISTRICT, "青铜峡市", 3, CITY),
    (OTHER_STREET, "裕民街道", 4, OTHER_DISTRICT),
    # The same community name as in street A: names repeat across a city.
    (OTHER_COMMUNITY, "富平社区", 5, OTHER_STREET),
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test passwords with a cheap hasher: the real one costs ~0.3 s per user by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _forget_cached_devices():
    """The telecare ingestion keeps devices and rules per process; rows it remembers are rolled
    back between tests (and between modules' demo cities), so no test may inherit them."""
    from yiyang.telecare import directory

    directory.clear()
    yield
    directory.clear()


@pytest.fixture
def regions(db):
    for code, name, level, parent in TREE:
        Region.objects.create(code=code, name=name, level=level, parent_id=parent)
    return {code: Region.objects.get(code=code) for code, *_ in TREE}


def _user(username: str, role: str, region_code: str | None) -> User:
    user = User(username=username, role=role, region_id=region_code, display_name=username)
    user.set_password("Correct-Horse-9")
    user.save()
    return user


@pytest.fixture
def city_admin(regions):
    return _user("city_admin", Role.CITY_ADMIN, CITY)


@pytest.fixture
def street_worker(regions):
    return _user("street_worker", Role.STREET_STAFF, STREET_A)


@pytest.fixture
def second_street_worker(regions):
    """Another clerk of street A: the checker in maker-checker tests."""
    return _user("street_checker", Role.STREET_STAFF, STREET_A)


@pytest.fixture
def other_street_worker(regions):
    return _user("other_street_worker", Role.STREET_STAFF, STREET_B)


@pytest.fixture
def community_worker(regions):
    return _user("community_worker", Role.COMMUNITY_STAFF, COMMUNITY_A1)


@pytest.fixture
def caregiver(regions):
    return _user("caregiver", Role.CAREGIVER, STREET_A)
