"""Worked cases of the policy simulation and the live count (issue 4): who gains, loses or
changes, the money by district and category, the user's scope, and nothing stored."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import COMMUNITY_A1, OTHER_COMMUNITY, _user
from tests.factories import make_elder
from yiyang.benefits.errors import BenefitsError
from yiyang.benefits.models import PaymentRow, PaymentRun
from yiyang.benefits.services import draft_version
from yiyang.benefits.simulation import NO_CATEGORY, count_qualifying, simulate_version
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.roles import Role
from yiyang.registry.models import ElderCategory

pytestmark = pytest.mark.django_db

JULY = date(2026, 7, 1)


def elder(birth: date, community: str = COMMUNITY_A1, name: str = "张秀兰", **extra):
    return make_elder(
        residence_region_id=community, hukou_region_id=community, birth=birth, name=name, **extra
    )


@pytest.fixture
def world(programs, regions):
    """An 85-year-old with 低保 and a 79-year-old in 利通区, a 95-year-old in 青铜峡市."""
    eighty_five = elder(date(1941, 1, 10), name="王八五")
    ElderCategory.objects.create(
        elder=eighty_five, category="dibao", valid_from=date(2020, 1, 1), source="test"
    )
    seventy_nine = elder(date(1946, 12, 1), name="李七九")
    ninety_five = elder(date(1931, 5, 5), OTHER_COMMUNITY, name="赵九五")
    return {"85": eighty_five, "79": seventy_nine, "95": ninety_five}


def _draft(program, admin):
    """From July: 79–89 pay 150 yuan, the 90–99 bracket is gone, 100+ unchanged."""
    rules = copy.deepcopy(program.versions.get(number=1).rules)
    rules["age_min"] = 79
    rules["brackets"] = [
        {"label": "79–89 岁", "age_min": 79, "age_max": 89, "amount_fen": 15000},
        {"label": "100 岁及以上", "age_min": 100, "amount_fen": 80000},
    ]
    return draft_version(program, rules=rules, effective_from=JULY, actor=admin)


def test_simulation_counts_gain_lose_change_by_district_and_category(world, programs, city_admin):
    # given: a draft of the longevity allowance
    allowance = programs["longevity_allowance"]
    draft = _draft(allowance, city_admin)

    # when
    result = simulate_version(draft, month=JULY, user=city_admin)

    # then: the 79-year-old gains 150, the 85-year-old goes 100 → 150, the 95-year-old loses 500
    total = result.total
    assert (total.gain, total.lose, total.change) == (1, 1, 1)
    assert (total.people_before, total.people_after) == (2, 2)
    assert (total.before_fen, total.after_fen) == (60000, 30000)
    assert (total.difference_fen, total.difference_year_fen) == (-30000, -360000)
    assert [(code, name, t.before_fen, t.after_fen) for code, name, t in result.districts] == [
        ("640302", "利通区", 10000, 30000),
        ("640381", "青铜峡市", 50000, 0),
    ]
    assert [(code, t.before_fen, t.after_fen) for code, t in result.categories] == [
        ("dibao", 10000, 15000),
        (NO_CATEGORY, 50000, 15000),
    ]
    assert [(d.name, d.effect, d.old_fen, d.new_fen, d.reason) for d in result.differences] == [
        ("李七九", "gain", 0, 15000, "eligible"),
        ("赵九五", "lose", 50000, 0, "too_old"),
        ("王八五", "change", 10000, 15000, "eligible"),
    ]
    assert result.differences[0].id_number_masked != world["79"].id_number
    # nothing is stored
    assert PaymentRun.objects.count() == 0
    assert PaymentRow.objects.count() == 0


def test_superuser_simulates_the_whole_funding_region(world, programs, city_admin, regions):
    # given: a superuser, who belongs to no region
    allowance = programs["longevity_allowance"]
    draft = _draft(allowance, city_admin)
    superuser = _user("root", Role.CITY_ADMIN, None)
    superuser.is_superuser = True
    superuser.save()

    # when
    result = simulate_version(draft, month=JULY, user=superuser)

    # then: the superuser sees the whole funding region
    assert result.region_code == allowance.funding_region_id
    assert result.total.gain + result.total.lose + result.total.change == 3


def test_simulation_refuses_staff_without_manage_programs(
    world, programs, city_admin, street_worker
):
    draft = _draft(programs["longevity_allowance"], city_admin)
    with pytest.raises(PermissionDeniedError):
        simulate_version(draft, month=JULY, user=street_worker)


def test_live_count_counts_who_the_unsaved_rules_pay(world, programs, city_admin):
    allowance = programs["longevity_allowance"]
    rules = copy.deepcopy(allowance.versions.get(number=1).rules)

    # when: the shipped rules, then the age lowered to 79 with 150 yuan for 79–89
    shipped = count_qualifying(allowance, rules, month=JULY, user=city_admin)
    rules["age_min"] = 79
    rules["brackets"][0] = {"label": "79–89", "age_min": 79, "age_max": 89, "amount_fen": 15000}
    edited = count_qualifying(allowance, rules, month=JULY, user=city_admin)

    # then
    assert (shipped.people, shipped.amount_fen) == (2, 60000)
    assert (edited.people, edited.amount_fen) == (3, 80000)


def test_live_count_names_the_field_of_a_problem(programs, city_admin):
    rules = {"brackets": [{"label": "x", "amount_fen": -5}]}
    with pytest.raises(BenefitsError) as caught:
        count_qualifying(programs["meal_subsidy"], rules, month=JULY, user=city_admin)
    assert caught.value.field == "rules.brackets.0.amount_fen"


def test_application_programmes_count_entitled_and_pending_elders(programs, city_admin, regions):
    # given: one elder with a pending meal-subsidy application, one without
    from yiyang.benefits.services import apply_for_benefit

    applicant = elder(date(1950, 1, 1), name="申请人")
    elder(date(1950, 1, 1), name="未申请")
    meal = programs["meal_subsidy"]
    apply_for_benefit(
        applicant,
        program=meal,
        applicant_kind="elder",
        applicant_name="",
        applied_on=date(2026, 6, 1),
        note="",
        actor=city_admin,
    )
    rules = copy.deepcopy(meal.versions.get(number=1).rules)
    rules["brackets"][0]["amount_fen"] = 12000

    # when
    count = count_qualifying(meal, rules, month=JULY, user=city_admin)

    # then
    assert (count.people, count.amount_fen) == (1, 12000)


def test_simulation_page_and_live_count_fragment(world, programs, city_admin, client):
    draft = _draft(programs["longevity_allowance"], city_admin)
    client.force_login(city_admin)

    page = client.get(reverse("benefits:simulation", args=[draft.pk]), {"month": "2026-07"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "李七九" in body
    assert world["79"].id_number not in body
    assert "-300.00" in body

    rules = copy.deepcopy(draft.rules)
    fragment = client.post(
        reverse("benefits:live_count", args=[draft.program_id]),
        {"rules": json.dumps(rules), "month": "2026-07"},
    )
    assert fragment.status_code == 200
    assert "300.00" in fragment.content.decode()

    broken = client.post(reverse("benefits:live_count", args=[draft.program_id]), {"rules": "{"})
    assert "rules" in broken.content.decode()


def test_simulation_page_refuses_street_staff(world, programs, city_admin, street_worker, client):
    draft = _draft(programs["longevity_allowance"], city_admin)
    client.force_login(street_worker)
    assert client.get(reverse("benefits:simulation", args=[draft.pk])).status_code == 403
    response = client.post(
        reverse("benefits:live_count", args=[draft.program_id]), {"rules": json.dumps(draft.rules)}
    )
    assert response.status_code == 403


def test_simulating_an_application_programme_counts_entitled_and_pending(
    programs, regions, city_admin, community_worker, street_worker, district_clerk, client
):
    # given: one elder on 低保 entitled to the care subsidy, one on 低收入 still under review
    from yiyang.benefits.services import apply_for_benefit, decide_application

    care = programs["care_service_subsidy"]
    entitled = elder(date(1950, 1, 1), name="已享受")
    pending = elder(date(1950, 1, 1), name="审核中")
    for person, category in ((entitled, "dibao"), (pending, "low_income")):
        ElderCategory.objects.create(
            elder=person, category=category, valid_from=date(2020, 1, 1), source="test"
        )
    application = apply_for_benefit(
        entitled,
        program=care,
        applicant_kind="clerk",
        applied_on=date(2026, 6, 1),
        actor=city_admin,
    )
    for actor in (community_worker, street_worker, district_clerk):
        application = decide_application(application, approve=True, actor=actor)
    apply_for_benefit(
        pending, program=care, applicant_kind="clerk", applied_on=date(2026, 6, 1), actor=city_admin
    )
    rules = copy.deepcopy(care.versions.get(number=1).rules)
    rules["brackets"][1]["amount_fen"] = 25000  # 低收入 200 → 250 yuan
    draft = draft_version(care, rules=rules, effective_from=JULY, actor=city_admin)

    # when
    result = simulate_version(draft, month=JULY, user=city_admin)

    # then: the 低保 elder is unchanged; the pending 低收入 elder changes 200 → 250
    assert (result.total.people_before, result.total.people_after) == (2, 2)
    assert (result.total.before_fen, result.total.after_fen) == (50000, 55000)
    assert [(d.name, d.effect, d.old_fen, d.new_fen) for d in result.differences] == [
        ("审核中", "change", 20000, 25000)
    ]
    client.force_login(city_admin)
    page = client.get(reverse("benefits:simulation", args=[draft.pk]), {"month": "2026-07"})
    assert "审核中" in page.content.decode()
    assert "已享受" not in page.content.decode()


def test_simulation_queries_do_not_grow_with_the_elders(programs, city_admin, client, regions):
    # given: a draft that changes every 80–89 amount
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft = _draft(programs["longevity_allowance"], city_admin)
    client.force_login(city_admin)
    url = reverse("benefits:simulation", args=[draft.pk])
    counts = []
    for size in (1, 6):
        for index in range(size):
            elder(date(1941, 1, 1 + index), name=f"老人{size}{index}")
        # when
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"month": "2026-07"}).status_code == 200
        counts.append(len(queries))

    # then: the same number of queries for 1 and for 7 elders
    assert counts[0] == counts[1]
