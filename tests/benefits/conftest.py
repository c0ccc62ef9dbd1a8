"""Fixtures of the benefits tests: the default programmes funded by the city, district clerks."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.conftest import CITY, DISTRICT, OTHER_DISTRICT, _user
from yiyang.benefits.models import Program
from yiyang.benefits.services.defaults import install_default_programs
from yiyang.core.roles import Role

START = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _today():
    """The tests live in June 2026, three months after the programmes start in March."""
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


@pytest.fixture
def programs(regions):
    install_default_programs(regions[CITY], start=START)
    return {program.code: program for program in Program.objects.all()}


@pytest.fixture
def district_clerk(regions):
    return _user("district_clerk", Role.DISTRICT_STAFF, DISTRICT)


@pytest.fixture
def district_checker(regions):
    return _user("district_checker", Role.DISTRICT_STAFF, DISTRICT)


@pytest.fixture
def other_district_clerk(regions):
    return _user("other_district_clerk", Role.DISTRICT_STAFF, OTHER_DISTRICT)
