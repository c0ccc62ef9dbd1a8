"""An assessor on a phone (390×844) fills a full GB/T 42195-2022 assessment card by card."""

from pathlib import Path

import pytest

from tests.assessment.conftest import (  # noqa: F401 (fixtures of the assessment tests)
    agency,
    assessor_one,
    assessor_two,
    district_worker,
    elder_a,
    full_answers,
    gbt_scale,
)
from tests.assessment.workflow_helpers import assigned
from yiyang.assessment.models import Assessment

pytestmark = [pytest.mark.browser]

SHOTS = Path("/tmp/shots3")


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    return context.new_page()


def _item_label(number: int) -> tuple[str, str]:
    """The progress label of an item card, in Chinese (or English before translations merge)."""
    return (f"第 {number} / 26 项", f"Item {number} of 26")


def _wait_for_item(page, number: int) -> None:
    """Wait until the card of item `number` shows (moving on waits for the card's save)."""
    labels = list(_item_label(number))
    page.wait_for_function(
        "labels => labels.includes(document.getElementById('yy-progress-label').textContent)",
        arg=labels,
        timeout=5000,
    )


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_assessor_fills_a_full_assessment_on_a_phone(
    transactional_db,
    live_server,
    phone,
    gbt_scale,  # noqa: F811
    elder_a,  # noqa: F811
    street_worker,
    district_worker,  # noqa: F811
    agency,  # noqa: F811
    assessor_one,  # noqa: F811
    assessor_two,  # noqa: F811
):
    # given a case assigned to 马丽 and 杨军
    case = assigned(elder_a, street_worker, district_worker, agency, assessor_one, assessor_two)
    page = phone
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "assessor_one")
    page.fill("#id_password", "Correct-Horse-9")
    page.click("button[type=submit]")

    # when she lands on her cases and starts this one
    page.wait_for_url(live_server.url + "/assessment/my-assessments/")
    _shot(page, "01-my-assessments")
    page.click("form[action$='/start/'] button")
    page.wait_for_url(f"**/assessments/{case.pk}/conduct/**")

    # the basic-information cards come first: height, weight, marital status …
    page.fill("input[name='basic-A.2.6']", "158")
    page.fill("input[name='basic-A.2.7']", "52.5")
    page.click("label:has(input[name='basic-A.2.12'][value='丧偶'])")
    _shot(page, "02-basic-information")
    page.click("#yy-next")
    page.click("label:has(input[name='basic-A.2.11'][value='独居'])")
    for _ in range(3):  # the living, informant and health-problem cards
        page.click("#yy-next")
    # diagnoses: hypertension from the common list
    page.click("label:has(input[name='dx-icd10'][value='I10'])")
    _shot(page, "03-diagnoses")
    page.click("#yy-next")
    # risk events: one fall in the last 30 days
    page.click("label:has(input[name='risk-fall'][value='1'])")
    _shot(page, "04-risk-events")
    page.click("#yy-next")
    page.click("label:has(input[name=coma][value=no])")
    page.click("#yy-next")

    # then the items one per card, with the standard's wording and a progress label
    _wait_for_item(page, 1)
    assert "独立使用器具将食物送进口中并咽下，没有呛咳" in page.inner_text("#step-7")
    option = page.locator("#step-7 .yy-option").first.bounding_box()
    assert option["height"] >= 48
    assert option["width"] >= 300
    _shot(page, "05-item-card")
    answers = {**full_answers(), "B.1.3": 2, "B.1.5": 3}  # 87 points: level 1
    for number, (code, score) in enumerate(answers.items(), start=1):
        _wait_for_item(page, number)
        page.click(f"label:has(input[name='answer-{code}'][value='{score}'])")
        if number == 7:
            _shot(page, "06-item-7")
            # a reload keeps what was saved and reopens the same card
            page.wait_for_function(
                "['已保存', 'Saved'].includes(document.getElementById('yy-save-state').textContent)"
            )
            page.reload()
            _wait_for_item(page, 7)
            assert page.is_checked(f"input[name='answer-{code}'][value='{score}']")
        page.click("#yy-next")

    # the summary shows the computed total and level before submitting
    page.wait_for_function("document.getElementById('yy-sum-total').textContent === '87'")
    assert page.inner_text("#yy-sum-level") == "1 能力轻度受损（轻度失能）"
    _shot(page, "07-summary")
    page.click("#yy-submit")

    # and the result page shows the level
    page.wait_for_url(f"**/assessments/{case.pk}/")
    assert page.inner_text("#yy-status") in ("待审核", "Submitted for review")
    assert "能力轻度受损（轻度失能）" in page.inner_text("#yy-level")
    _shot(page, "08-result")
    case = Assessment.objects.get(pk=case.pk)
    assert (case.status, case.total, case.level) == ("submitted", 87, 1)
    assert case.basic_info == {"A.2.6": 158, "A.2.7": 52.5, "A.2.12": "丧偶", "A.2.11": ["独居"]}
    assert case.diagnoses == [{"icd10": "I10", "name": "", "psychiatric_specialist": False}]
    assert case.risk_events == {
        "fall": 1,
        "wandering": 0,
        "choking": 0,
        "suicide": 0,
        "self_harm": 0,
        "other": 0,
    }

    # the printable sheet
    page.goto(f"{live_server.url}/assessment/assessments/{case.pk}/report/")
    assert "马丽" in page.inner_text(".signs")
    _shot(page, "09-report")
