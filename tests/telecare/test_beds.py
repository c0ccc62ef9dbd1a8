"""Home care beds: set up, into service when the three elements are there, months planned."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.conftest import JsonClient
from yiyang.core.errors import PermissionDeniedError
from yiyang.registry.models import Elder
from yiyang.telecare import services
from yiyang.telecare.errors import TelecareError
from yiyang.telecare.models import BedMonthPlan, HomeCareBed


def _bed(elder, actor, **changes) -> HomeCareBed:
    arguments = {
        "provider_name": "吴忠颐康护理站",
        "contract_number": "HT-2026-001",
        "contract_start": date(2026, 6, 1),
        "contract_end": date(2027, 5, 31),
        "adaptation_done_on": date(2026, 6, 10),
    }
    return services.set_up_bed(elder, **{**arguments, **changes}, actor=actor)


def _assessed(elder) -> None:
    Elder.objects.filter(pk=elder.pk).update(
        ability_level=3, ability_level_valid_until=date(2027, 6, 1)
    )
    elder.refresh_from_db()


def test_bed_goes_into_service_with_all_three_elements(elder, sos_button, street_worker):
    _assessed(elder)
    bed = _bed(elder, street_worker)

    services.open_bed(bed, actor=street_worker)

    bed.refresh_from_db()
    assert (bed.status, bed.opened_on, bed.ability_level) == ("active", date(2026, 6, 16), 3)


@pytest.mark.parametrize(
    ("setup", "field_name"),
    [
        pytest.param({"assessed": False}, "assessment", id="no-assessment"),
        pytest.param({"adaptation_done_on": None}, "adaptation_done_on", id="no-adaptation"),
        pytest.param({"device": False}, "devices", id="no-device"),
        pytest.param({"contract_start": date(2026, 7, 1)}, "contract_start", id="contract-later"),
    ],
)
def test_bed_missing_an_element_stays_in_setup(elder, street_worker, request, setup, field_name):
    setup = dict(setup)
    if setup.pop("assessed", True):
        _assessed(elder)
    if setup.pop("device", True):
        request.getfixturevalue("sos_button")
    bed = _bed(elder, street_worker, **setup)

    with pytest.raises(TelecareError) as caught:
        services.open_bed(bed, actor=street_worker)

    assert (caught.value.code, caught.value.field) == ("telecare_bed_not_ready", field_name)
    bed.refresh_from_db()
    assert bed.status == "setting_up"


def test_one_open_bed_per_elder(elder, street_worker):
    _bed(elder, street_worker)

    with pytest.raises(TelecareError) as caught:
        _bed(elder, street_worker, contract_number="HT-2")

    assert caught.value.code == "telecare_bed_exists"
    assert HomeCareBed.objects.count() == 1


def test_month_plan_is_set_and_changed(elder, street_worker):
    bed = _bed(elder, street_worker)

    services.plan_month(bed, month=date(2026, 7, 15), owed_visits=8, actor=street_worker)
    services.plan_month(bed, month=date(2026, 7, 1), owed_visits=10, actor=street_worker)

    assert list(BedMonthPlan.objects.values_list("month", "owed_visits")) == [
        (date(2026, 7, 1), 10)
    ]
    # counted from the home-services orders that took place: none yet
    assert services.delivered_visits(bed, date(2026, 7, 1)) == 0


def test_other_street_cannot_set_up(elder, other_street_worker):
    with pytest.raises(PermissionDeniedError):
        _bed(elder, other_street_worker)

    assert HomeCareBed.objects.count() == 0


def test_close_needs_a_reason(elder, street_worker):
    bed = _bed(elder, street_worker)

    with pytest.raises(TelecareError):
        services.close_bed(bed, reason="", actor=street_worker)
    services.close_bed(bed, reason="老人入住机构", actor=street_worker)

    bed.refresh_from_db()
    assert (bed.status, bed.close_reason) == ("closed", "老人入住机构")


@pytest.mark.urls("tests.api.urls")
def test_beds_through_the_api(elder, sos_button, street_worker, other_street_worker):
    _assessed(elder)
    client = JsonClient(street_worker)
    created = client.post(
        "/home-care-beds/",
        {
            "elder_pk": elder.pk,
            "provider_name": "吴忠颐康护理站",
            "contract_number": "HT-1",
            "contract_start": "2026-06-01",
            "contract_end": "2027-05-31",
        },
    )
    assert created.status_code == 201
    pk = created.json()["pk"]
    assert created.json()["missing"][0]["field"] == "adaptation_done_on"

    planned = client.post(f"/home-care-beds/{pk}/plans", {"month": "2026-07", "owed_visits": 8})
    assert planned.json()["months"] == [
        {"month": "2026-07", "owed_visits": 8, "services": "", "delivered_visits": 0}
    ]
    refused = client.post(f"/home-care-beds/{pk}/open")
    assert (refused.status_code, refused.json()["field"]) == (422, "adaptation_done_on")
    assert JsonClient(other_street_worker).get(f"/home-care-beds/{pk}").status_code == 404
    assert (
        client.post(f"/home-care-beds/{pk}/plans", {"month": "July", "owed_visits": 8}).json()[
            "field"
        ]
        == "month"
    )


@pytest.mark.urls("tests.api.urls")
@pytest.mark.parametrize("count", [1, 25])
def test_bed_list_query_count(regions, street_worker, django_assert_num_queries, count):
    from tests.conftest import COMMUNITY_A1
    from tests.factories import make_elder

    for number in range(count):
        _bed(make_elder(residence_region_id=COMMUNITY_A1, name=f"床位{number}"), street_worker)
    client = JsonClient(street_worker)

    # session, user, count, page (elders joined)
    with django_assert_num_queries(4):
        response = client.get("/home-care-beds/")

    assert response.json()["count"] == count
