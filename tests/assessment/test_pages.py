"""The assessment pages as each role sees them: lists, detail, request, assign, review, report."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.assessment.conftest import full_answers
from tests.assessment.workflow_helpers import assigned, requested, submitted
from yiyang.assessment.models import Assessment, Objection


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_cases(
    gbt_scale, elder_a, elder_b, street_worker, other_street_worker, district_worker, agency,
    assessor_one, assessor_two, assessor_three,
):  # fmt: skip
    """Elder A's case assigned to assessors one and two; elder B's to two and three."""
    a = assigned(elder_a, street_worker, district_worker, agency, assessor_one, assessor_two)
    b = assigned(
        elder_b, other_street_worker, district_worker, agency, assessor_three, assessor_two
    )
    return a, b


def _listed(response) -> list[int]:
    return [a.pk for a in response.context["page"].object_list]


def test_each_role_lists_what_it_may_see(
    two_cases, street_worker, district_worker, assessor_one, assessor_two
):
    a, b = two_cases
    url = reverse("assessment:assessment_list")
    assert sorted(_listed(_client(district_worker).get(url))) == sorted([a.pk, b.pk])
    assert _listed(_client(street_worker).get(url)) == [a.pk]
    assert _listed(_client(assessor_one.user).get(url)) == [a.pk]
    assert sorted(_listed(_client(assessor_two.user).get(url))) == sorted([a.pk, b.pk])


def test_list_filters_by_status_and_region(two_cases, district_worker):
    a, b = two_cases
    client = _client(district_worker)
    url = reverse("assessment:assessment_list")
    assert _listed(client.get(url, {"status": "requested"})) == []
    assert _listed(client.get(url, {"region": "640302001000"})) == [a.pk]
    assert sorted(_listed(client.get(url, {"agency": a.agency_id}))) == sorted([a.pk, b.pk])


def test_detail_is_404_for_another_street_and_an_unassigned_assessor(
    two_cases, street_worker, assessor_one
):
    a, b = two_cases
    assert _client(street_worker).get(reverse("assessment:assessment_detail", args=[a.pk])).status_code == 200  # fmt: skip
    assert _client(street_worker).get(reverse("assessment:assessment_detail", args=[b.pk])).status_code == 404  # fmt: skip
    assert _client(assessor_one.user).get(reverse("assessment:assessment_detail", args=[b.pk])).status_code == 404  # fmt: skip


def test_request_from_the_elder_profile(gbt_scale, elder_a, street_worker):
    client = _client(street_worker)
    profile = client.get(reverse("registry:elder_detail", args=[elder_a.pk]))
    link = f"{reverse('assessment:assessment_request')}?elder={elder_a.pk}"
    assert link in profile.content.decode()

    page = client.get(link)
    assert page.status_code == 200
    response = client.post(
        reverse("assessment:assessment_request"),
        {"elder": elder_a.pk, "reason": "first", "source": "elder_or_family", "note": "女儿申请"},
    )

    assessment = Assessment.objects.get(elder=elder_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:assessment_detail", args=[assessment.pk])
    assert assessment.request_source == "elder_or_family"
    # a second request shows the refusal on the page and adds nothing
    again = client.post(
        reverse("assessment:assessment_request"),
        {"elder": elder_a.pk, "reason": "first", "source": "community"},
    )
    assert again.status_code == 200
    assert "已有" in again.content.decode() or "already has" in again.content.decode()
    assert Assessment.objects.filter(elder=elder_a).count() == 1


def test_request_for_another_streets_elder_is_404(gbt_scale, elder_b, street_worker):
    response = _client(street_worker).get(
        reverse("assessment:assessment_request"), {"elder": elder_b.pk}
    )
    assert response.status_code == 404


def test_assign_page_shows_a_refusal_beside_the_field(
    gbt_scale, elder_a, street_worker, district_worker, agency, assessor_one
):
    assessment = requested(elder_a, street_worker)
    client = _client(district_worker)
    url = reverse("assessment:assessment_assign", args=[assessment.pk])

    response = client.post(
        url, {"agency": agency.pk, "lead": assessor_one.pk, "second": assessor_one.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["second"]
    assessment.refresh_from_db()
    assert assessment.status == "requested"
    # and a street worker, who sees the case, may not assign it
    assert _client(street_worker).get(url).status_code == 403


def test_my_assessments_lists_only_the_assessors_cases(two_cases, assessor_one):
    a, b = two_cases
    response = _client(assessor_one.user).get(reverse("assessment:my_assessments"))
    assert [c.pk for c in response.context["todo"]] == [a.pk]
    assert b.elder.name not in response.content.decode()


def test_the_assessor_starts_saves_card_by_card_and_submits(two_cases, assessor_one):
    a, _b = two_cases
    client = _client(assessor_one.user)
    client.post(reverse("assessment:assessment_start", args=[a.pk]))
    page = client.get(reverse("assessment:assessment_conduct", args=[a.pk]))
    text = page.content.decode()
    assert "独立使用器具将食物送进口中并咽下，没有呛咳" in text  # the standard's wording
    assert "第 1 / 26 项" in text or "Item 1 of 26" in text

    # one card saved by the page script
    saved = client.post(
        reverse("assessment:assessment_save", args=[a.pk]),
        {"answer-B.1.1": "4", "basic-fields": "A.2.6,A.2.11", "basic-A.2.6": "158", "basic-A.2.11": ["独居"]},
        headers={"X-Requested-With": "fetch"},
    )  # fmt: skip
    assert saved.json() == {"ok": True, "answered": 1, "preview": None}
    refused = client.post(
        reverse("assessment:assessment_save", args=[a.pk]),
        {"answer-B.2.4": "4"},
        headers={"X-Requested-With": "fetch"},
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "B.2.4"

    # the rest posted with the submission
    rest = {f"answer-{code}": str(score) for code, score in full_answers().items()}
    response = client.post(
        reverse("assessment:assessment_submit", args=[a.pk]),
        {**rest, "dx-card": "1", "dx-icd10": ["F03"], "risk-fall": "0", "coma": "no"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.total, a.initial_level, a.level) == ("submitted", 90, 0, 1)
    assert a.basic_info == {"A.2.6": 158, "A.2.11": ["独居"]}


def test_the_report_shows_the_result_and_both_signatures(
    two_cases, assessor_one, district_worker, street_worker
):
    a, _b = two_cases
    a = submitted(a, assessor_one, answers={**full_answers(), "B.1.1": 0})
    response = _client(street_worker).get(reverse("assessment:assessment_report", args=[a.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "能力轻度受损（轻度失能）" in text
    assert "马丽" in text
    assert "杨军" in text
    assert "@media print" in text
    assert "window.print()" in text


def test_review_objection_and_decision_pages(
    two_cases, assessor_one, district_worker, street_worker
):
    a, _b = two_cases
    a = submitted(a, assessor_one)
    with time_machine.travel("2025-06-03 10:00:00+08:00", tick=False):
        response = _client(district_worker).post(
            reverse("assessment:assessment_review", args=[a.pk]), {"decision": "approve"}
        )
        assert response.status_code == 302
        a.refresh_from_db()
        assert a.status == "publicised"
        detail = _client(street_worker).get(reverse("assessment:assessment_detail", args=[a.pk]))
        assert detail.context["actions"]["object"] is True
        _client(street_worker).post(
            reverse("assessment:assessment_objection", args=[a.pk]),
            {"raised_by_name": "王秀英", "reason": "结果偏轻"},
        )
    objection = Objection.objects.get(assessment=a)
    response = _client(district_worker).post(
        reverse("assessment:objection_decide", args=[a.pk, objection.pk]),
        {"decision": "uphold", "note": "复评"},
    )
    objection.refresh_from_db()
    assert response["Location"] == reverse(
        "assessment:assessment_assign", args=[objection.reassessment_id]
    )
