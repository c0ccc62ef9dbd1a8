"""POST /api/v1/assessments/score and GET /api/v1/assessments/scales (issue 3)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.assessment.scoring_answers import GBT, MZT, best, gbt_total
from yiyang.assessment.models import Scale
from yiyang.assessment.services import scales

API = "/api/v1/assessments"


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client: Client, body: dict):
    return client.post(f"{API}/score", json.dumps(body), content_type="application/json")


@pytest.fixture
def api(street_worker, settings):
    # Sentences are asserted in English (the msgids); zh_Hans comes from the merged catalogue.
    client = client_for(street_worker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_scores_the_issues_example(api):
    response = post(
        api,
        {
            "scale": "GB/T 42195-2022",
            "answers": gbt_total(70),
            "coma": False,
            "diagnoses": [{"icd10": "F01", "psychiatric_specialist": False}],
            "risk_events_30d": {
                "fall": 0,
                "choking": 0,
                "suicide": 0,
                "self_harm": 0,
                "wandering": 0,
                "other": 0,
            },
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 70
    assert body["dimensions"] == {"B.1": 12, "B.2": 15, "B.3": 28, "B.4": 15}
    assert (body["initial_level"], body["level"], body["level_name"]) == (
        1,
        2,
        "能力中度受损（中度失能）",
    )
    assert [r["rule"] for r in body["reasons"]] == ["total_band", "diagnosis"]
    assert body["reasons"][0]["text"] == "Total 70 points: initial level 能力轻度受损（轻度失能）."
    assert body["reasons"][1]["text"] == "Diagnosed dementia (F01): raised by 1 level."
    assert (body["scale"], body["version"]) == ("GB/T 42195-2022", 1)


def test_optional_fields_default_to_none(api):
    response = post(api, {"scale": "GB/T 42195-2022", "answers": best(GBT)})
    assert response.status_code == 200
    assert (response.json()["total"], response.json()["level"]) == (90, 0)


def test_coma_reason_in_chinese(api):
    body = post(api, {"scale": "GB/T 42195-2022", "answers": gbt_total(70), "coma": True}).json()
    assert body["level"] == 4
    assert body["reasons"][-1]["text"] == (
        "Coma: the level is 能力完全丧失（完全失能） directly, whatever the other rules."
    )


def test_missing_and_out_of_range_items_are_named(api):
    answers = best(GBT) | {"B.2.4": 4}
    del answers["B.1.1"]
    response = post(api, {"scale": "GB/T 42195-2022", "answers": answers})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("assessment_answer_missing", "answers.B.1.1")
    assert body["message"] == "B.1.1 进食: not answered."
    assert body["errors"] == [
        {
            "code": "assessment_answer_missing",
            "message": "B.1.1 进食: not answered.",
            "field": "answers.B.1.1",
        },
        {
            "code": "assessment_answer_out_of_range",
            "message": "B.2.4 上下楼梯: 4 is not one of the scores (3、2、1、0).",
            "field": "answers.B.2.4",
        },
    ]


def test_bad_diagnosis_and_event_are_named(api):
    response = post(
        api,
        {
            "scale": "GB/T 42195-2022",
            "answers": best(GBT),
            "diagnoses": [{"icd10": "痴呆"}],
            "risk_events_30d": {"fall": -1, "flood": 1},
        },
    )
    assert response.status_code == 422
    assert [(e["code"], e["field"]) for e in response.json()["errors"]] == [
        ("assessment_diagnosis_invalid", "diagnoses.0.icd10"),
        ("assessment_risk_event_invalid", "risk_events_30d.fall"),
        ("assessment_risk_event_invalid", "risk_events_30d.flood"),
    ]


def test_unknown_scale_is_refused(api):
    response = post(api, {"scale": "GB/T 99999", "answers": {}})
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("scale_unknown", "scale")


def test_unverified_scale_is_refused_as_unverified(api):
    response = post(api, {"scale": "LTC-2021", "answers": {}})
    assert response.status_code == 422
    assert response.json()["code"] == "scale_unverified"


def test_scores_mzt_with_dimension_grades(api):
    body = post(api, {"scale": "MZ/T 039-2013", "answers": best(MZT)}).json()
    assert body["total"] is None
    assert body["dimension_grades"] == {"B.1": 0, "B.2": 0, "B.3": 0, "B.4": 0}
    assert body["level_name"] == "能力完好"
    assert body["reasons"][0]["text"] == (
        "Dimension grades: 日常生活活动 能力完好；精神状态 能力完好；感知觉与沟通 能力完好；社会参与 能力完好."
    )


def test_uses_the_published_version(api, city_admin):
    old = scales.published_scale("GB/T 42195-2022")
    definition = old.definition | {"rules": old.definition["rules"] | {"raises_stack": True}}
    new = scales.new_scale_version(old, definition=definition, actor=city_admin)
    scales.publish_scale_version(new, actor=city_admin)
    body = post(
        api,
        {
            "scale": "GB/T 42195-2022",
            "answers": gbt_total(88),
            "diagnoses": [{"icd10": "F00"}],
            "risk_events_30d": {"fall": 2},
        },
    ).json()
    assert (body["version"], body["level"]) == (2, 3)


def test_anonymous_gets_401(db):
    response = post(client_for(), {"scale": "GB/T 42195-2022", "answers": best(GBT)})
    assert response.status_code == 401
    assert client_for().get(f"{API}/scales").status_code == 401


def test_scale_list(api):
    response = api.get(f"{API}/scales")
    assert response.status_code == 200
    body = response.json()
    listed = [(s["code"], s["version"], s["usable"], s["is_verified"]) for s in body["items"]]
    assert listed == [
        ("GB/T 42195-2022", 1, True, True),
        ("LTC-2021", 1, False, False),
        ("MZ/T 039-2013", 1, True, True),
    ]
    assert body["count"] == 3
    gbt = body["items"][0]
    assert [i["code"] for d in gbt["dimensions"] for i in d["items"]][:3] == [
        "B.1.1",
        "B.1.2",
        "B.1.3",
    ]
    assert gbt["levels"][1] == {
        "level": 1,
        "name": "能力轻度受损（轻度失能）",
        "min_total": 66,
        "max_total": 89,
    }
    assert gbt["rules"]["raises_stack"] is False
    assert body["items"][1]["to_verify"].startswith("各一级指标")
    assert Scale.objects.count() == 3
