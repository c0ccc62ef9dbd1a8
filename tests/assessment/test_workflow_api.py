"""The workflow through the API: request, assign, start, answers, submit, review, objection."""

from __future__ import annotations

import json

import time_machine
from django.test import Client

from tests.assessment.conftest import full_answers
from yiyang.assessment.models import Assessment

API = "/api/v1"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(client, method: str, path: str, body=None):
    return client.generic(
        method, API + path, json.dumps(body or {}), content_type="application/json"
    )


def test_the_whole_workflow_through_the_api(
    gbt_scale, elder_a, street_worker, district_worker, agency, assessor_one, assessor_two
):
    street, district, lead = (
        _client(street_worker),
        _client(district_worker),
        _client(assessor_one.user),
    )
    created = _send(street, "POST", "/assessments/", {"elder_pk": elder_a.pk, "note": "申请"})
    assert created.status_code == 201
    pk = created.json()["pk"]
    assert created.json()["status"] == "requested"

    second = _send(street, "POST", "/assessments/", {"elder_pk": elder_a.pk})
    assert (second.status_code, second.json()["code"]) == (422, "assessment_already_open")

    team = {"agency_pk": agency.pk, "lead_pk": assessor_one.pk, "second_pk": assessor_one.pk}
    same = _send(district, "POST", f"/assessments/{pk}/assign", team)
    assert (same.status_code, same.json()["code"], same.json()["field"]) == (
        422,
        "assessors_same",
        "second",
    )
    team["second_pk"] = assessor_two.pk
    assert _send(district, "POST", f"/assessments/{pk}/assign", team).json()["status"] == "assigned"

    assert _send(lead, "POST", f"/assessments/{pk}/start").json()["status"] == "in_progress"
    bad = _send(lead, "PATCH", f"/assessments/{pk}/answers", {"answers": {"B.4.4": 4}})
    assert (bad.status_code, bad.json()["field"]) == (422, "B.4.4")
    saved = _send(
        lead,
        "PATCH",
        f"/assessments/{pk}/answers",
        {
            "answers": full_answers(),
            "diagnoses": [{"icd10": "F32", "psychiatric_specialist": True}],
            "risk_events_30d": {"fall": 1},
        },
    )
    assert len(saved.json()["answers"]) == 26
    body = _send(lead, "POST", f"/assessments/{pk}/submit").json()
    assert (body["status"], body["total"], body["initial_level"], body["level"]) == (
        "submitted",
        90,
        0,
        1,
    )
    assert [r["rule"] for r in body["reasons"]] == ["total_band", "diagnosis"]
    assert body["dimensions"] == {"B.1": 32, "B.2": 15, "B.3": 28, "B.4": 15}

    with time_machine.travel("2025-06-03 10:00:00+08:00", tick=False):
        reviewed = _send(district, "POST", f"/assessments/{pk}/review", {"approve": True})
        assert reviewed.json()["publicity_ends_on"] == "2025-06-10"
        objection = _send(
            street,
            "POST",
            f"/assessments/{pk}/objections",
            {"raised_by_name": "女儿", "reason": "偏轻"},
        )
    assert objection.status_code == 201
    decided = _send(
        district,
        "POST",
        f"/assessments/{pk}/objections/{objection.json()['pk']}/decision",
        {"uphold": False},
    )
    assert decided.json()["status"] == "dismissed"
    listed = street.get(API + "/assessments/", {"status": "publicised"}).json()
    assert listed == {"items": listed["items"], "count": 1}
    assert listed["items"][0]["elder_pk"] == elder_a.pk


def test_other_street_and_unassigned_assessor_get_404(
    gbt_scale, elder_a, street_worker, other_street_worker, assessor_three
):
    created = _send(_client(street_worker), "POST", "/assessments/", {"elder_pk": elder_a.pk})
    pk = created.json()["pk"]
    assert _client(other_street_worker).get(f"{API}/assessments/{pk}").status_code == 404
    assert _client(assessor_three.user).get(f"{API}/assessments/{pk}").status_code == 404
    cancel = _send(_client(other_street_worker), "POST", f"/assessments/{pk}/cancel", {"note": "x"})
    assert cancel.status_code == 404
    assert Assessment.objects.get(pk=pk).status == "requested"
    refused = _send(_client(other_street_worker), "POST", "/assessments/", {"elder_pk": elder_a.pk})
    assert refused.status_code == 404
