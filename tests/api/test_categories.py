"""Category changes through the API: propose, a second person decides; timeline; death."""

from datetime import date

import time_machine

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1
from tests.factories import make_elder
from yiyang.core.models import ChangeRecord
from yiyang.registry.models import CategoryChange, ElderCategory

NOW = "2026-11-23 10:00:00+08:00"
PROPOSAL = {
    "kind": "grant",
    "category": "dibao",
    "effective_date": "2026-11-01",
    "source": "低保审批表",
    "document_number": "吴民〔2026〕9号",
}


@time_machine.travel(NOW, tick=False)
def test_money_category_takes_two_people(street_worker, second_street_worker, api_as):
    # given
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    maker, checker = api_as(street_worker), api_as(second_street_worker)

    # when the maker proposes and tries to approve it alone
    proposed = maker.post(f"/elders/{elder.pk}/category-changes", PROPOSAL)
    change_pk = proposed.json()["pk"]
    alone = maker.post(f"/category-changes/{change_pk}/decision", {"approve": True})

    # then the self-approval is refused
    assert proposed.status_code == 201
    assert proposed.json()["status"] == "pending"
    assert alone.status_code == 422
    assert alone.json()["code"] == "category_same_person"
    assert ElderCategory.objects.count() == 0

    # when the checker approves
    decided = checker.post(f"/category-changes/{change_pk}/decision", {"approve": True})

    # then the category is held, recorded with both names
    assert decided.status_code == 200
    assert (decided.json()["proposed_by"], decided.json()["decided_by"]) == (
        "street_worker",
        "street_checker",
    )
    held = ElderCategory.objects.get()
    assert (held.category, held.valid_from, held.created_by, held.approved_by) == (
        "dibao",
        date(2026, 11, 1),
        street_worker,
        second_street_worker,
    )
    pending = checker.get("/category-changes/", {"status": "pending"}).json()
    assert pending == {"items": [], "count": 0}


def test_other_street_cannot_see_or_decide_a_change(street_worker, other_street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    change_pk = (
        api_as(street_worker).post(f"/elders/{elder.pk}/category-changes", PROPOSAL).json()["pk"]
    )
    records = ChangeRecord.objects.count()
    outsider = api_as(other_street_worker)

    listed = outsider.get("/category-changes/").json()
    detail = outsider.get(f"/category-changes/{change_pk}")
    decided = outsider.post(f"/category-changes/{change_pk}/decision", {"approve": True})

    assert listed == {"items": [], "count": 0}
    assert detail.status_code == 404
    assert decided.status_code == 404
    assert CategoryChange.objects.get().status == "pending"
    assert ChangeRecord.objects.count() == records


def test_direct_grant_of_money_category_is_refused(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1)

    response = api_as(street_worker).post(
        f"/elders/{elder.pk}/categories",
        {"category": "dibao", "valid_from": "2026-01-01", "source": "x"},
    )

    assert response.status_code == 422
    assert response.json()["code"] == "category_needs_approval"
    assert ElderCategory.objects.count() == 0


def test_direct_grant_of_living_alone(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1)

    response = api_as(street_worker).post(
        f"/elders/{elder.pk}/categories",
        {"category": "living_alone", "valid_from": "2026-01-01", "source": "走访"},
    )

    assert response.status_code == 201
    assert response.json()["valid_from"] == "2026-01-01"
    assert ElderCategory.objects.get().category == "living_alone"


@time_machine.travel(NOW, tick=False)
def test_death_is_recorded_and_shown_on_the_timeline(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    client = api_as(street_worker)

    died = client.post(
        f"/elders/{elder.pk}/death", {"date_of_death": "2026-11-20", "source": "死亡证明"}
    )
    timeline = client.get(f"/elders/{elder.pk}/timeline").json()

    assert died.status_code == 200
    assert (died.json()["status"], died.json()["date_of_death"]) == ("deceased", "2026-11-20")
    assert timeline["count"] == 1
    assert timeline["items"][0]["kind"] == "registry.died"
    assert timeline["items"][0]["data"] == {"date": "2026-11-20", "source": "死亡证明"}
    assert timeline["items"][0]["actor"] == "street_worker"


@time_machine.travel(NOW, tick=False)
def test_death_in_the_future_is_refused(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_A1)

    response = api_as(street_worker).post(
        f"/elders/{elder.pk}/death", {"date_of_death": "2026-12-01", "source": "x"}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "date_of_death"
    elder.refresh_from_db()
    assert elder.status == "active"


def test_death_of_other_street_elder_is_not_found(street_worker, api_as):
    elder = make_elder(residence_region_id=COMMUNITY_B1)

    response = api_as(street_worker).post(
        f"/elders/{elder.pk}/death", {"date_of_death": "2020-01-01", "source": "x"}
    )

    assert response.status_code == 404
    elder.refresh_from_db()
    assert elder.status == "active"
    assert ChangeRecord.objects.count() == 0
