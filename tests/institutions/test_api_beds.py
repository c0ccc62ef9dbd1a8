"""The beds and residents endpoints (issue 6): add a room, admit by identity number, transfer,
discharge; the free-bed count follows; permission matrix and query counts."""

import pytest

from tests.api.conftest import JsonClient
from tests.conftest import COMMUNITY_A1
from tests.factories import make_elder
from yiyang.institutions.models import Institution, Residency

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-03 10:00:00+08:00", tick=False)


@pytest.fixture
def home(filing_a):
    Institution.objects.filter(pk=filing_a.institution_id).update(status="operating")
    return Institution.objects.get(pk=filing_a.institution_id)


ROOM = {
    "building": "1号楼",
    "floor": 1,
    "number": "101",
    "beds": [{"code": "1", "kind": "nursing"}, {"code": "2", "kind": "dementia"}],
}


def _admission(elder, **changes):
    return {
        "elder_id_number": elder.id_number,
        "admitted_on": "2026-11-02",
        "contract_number": "HT-1",
        "fee_level_fen": 250000,
        "payer": "self",
        **changes,
    }


def test_staff_add_a_room_admit_transfer_and_discharge(home, institution_staff):
    staff = JsonClient(institution_staff)
    added = staff.post(f"/institutions/{home.pk}/rooms", ROOM)
    assert added.status_code == 201
    assert added.json()["counts"] == {
        "dementia": {"total": 1, "free": 1, "occupied": 0},
        "nursing": {"total": 1, "free": 1, "occupied": 0},
    }
    beds = {bed["code"]: bed["pk"] for bed in added.json()["rooms"][0]["beds"]}
    elder = make_elder(residence_region_id=COMMUNITY_A1, name="马玉兰")

    admitted = staff.post(f"/institution-beds/{beds['1']}/admit", _admission(elder))
    assert admitted.status_code == 201
    assert (admitted.json()["elder_name"], admitted.json()["bed"]) == ("马玉兰", "1号楼 101 1")
    counts = staff.get(f"/institutions/{home.pk}/beds").json()["counts"]
    assert counts["nursing"]["free"] == 0

    moved = staff.post(
        f"/institution-residents/{admitted.json()['pk']}/transfer",
        {"bed_pk": beds["2"], "on": "2026-11-20"},
    )
    assert moved.status_code == 201
    left = staff.post(
        f"/institution-residents/{moved.json()['pk']}/discharge", {"on": "2026-12-01"}
    )
    assert (left.status_code, left.json()["end_reason"]) == (200, "discharge")
    counts = staff.get(f"/institutions/{home.pk}/beds").json()["counts"]
    assert (counts["nursing"]["free"], counts["dementia"]["free"]) == (1, 1)
    history = staff.get("/institution-residents/", {"history": "true"}).json()
    assert [row["end_reason"] for row in history["items"]] == ["transfer", "discharge"]


def test_an_unknown_identity_number_names_the_field(home, institution_staff):
    staff = JsonClient(institution_staff)
    bed = staff.post(f"/institutions/{home.pk}/rooms", ROOM).json()["rooms"][0]["beds"][0]
    response = staff.post(
        f"/institution-beds/{bed['pk']}/admit",
        {
            "elder_id_number": "11010519491231002X",
            "admitted_on": "2026-11-02",
            "contract_number": "HT-1",
            "fee_level_fen": 1,
            "payer": "self",
        },
    )
    assert response.status_code == 422
    assert response.json()["field"] == "elder_id_number"
    assert not Residency.objects.exists()


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("institution_staff", 200),
        ("district_worker", 200),
        ("street_worker", 200),
        ("other_street_worker", 404),
    ],
)
def test_who_sees_the_beds(request, home, institution_staff, actor, status):
    user = request.getfixturevalue(actor)
    assert JsonClient(user).get(f"/institutions/{home.pk}/beds").status_code == status


def test_a_street_worker_cannot_add_rooms(home, street_worker):
    response = JsonClient(street_worker).post(f"/institutions/{home.pk}/rooms", ROOM)
    assert response.status_code == 403
    assert not home.rooms.exists()


def test_the_residents_list_takes_the_same_queries_for_more_rows(
    home, institution_staff, django_assert_num_queries
):
    staff = JsonClient(institution_staff)
    beds = staff.post(
        f"/institutions/{home.pk}/rooms",
        {**ROOM, "beds": [{"code": str(n), "kind": "ordinary"} for n in range(1, 5)]},
    ).json()["rooms"][0]["beds"]
    first = make_elder(residence_region_id=COMMUNITY_A1, name="甲")
    staff.post(f"/institution-beds/{beds[0]['pk']}/admit", _admission(first))
    staff.get("/institution-residents/")
    with django_assert_num_queries(4):  # session, user, count, page with elder and bed
        one = staff.get("/institution-residents/")
    for number, bed in enumerate(beds[1:]):
        elder = make_elder(residence_region_id=COMMUNITY_A1, name=f"乙{number}")
        staff.post(f"/institution-beds/{bed['pk']}/admit", _admission(elder))
    with django_assert_num_queries(4):
        four = staff.get("/institution-residents/")
    assert (one.json()["count"], four.json()["count"]) == (1, 4)
