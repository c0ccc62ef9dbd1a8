"""A district clerk computes June's longevity allowance in the browser, reviews its finding and
submits it; a second clerk approves it and downloads the bank file."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine

from tests.benefits.conftest import (  # noqa: F401 (fixtures of the benefits tests)
    district_checker,
    district_clerk,
    programs,
)
from tests.browser.pages import SHOTS, log_in, shot
from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, DISTRICT
from tests.factories import make_elder
from yiyang.benefits.models import PaymentRun
from yiyang.benefits.services import record_bank_account

pytestmark = [pytest.mark.browser]


@pytest.fixture
def june():
    """Mid-June 2026, with the clock running (a frozen clock would stall the live server)."""
    moment = datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True):
        yield


def test_clerks_compute_review_submit_approve_and_download_the_bank_file(
    june,
    transactional_db,
    live_server,
    browser,
    programs,  # noqa: F811
    district_clerk,  # noqa: F811
    district_checker,  # noqa: F811
):
    # given four elders over 80 in the district, one of them without a bank account
    people = [
        make_elder(
            residence_region_id=community,
            hukou_region_id=community,
            birth=birth,
            name=name,
        )
        for name, birth, community in [
            ("王秀英", date(1940, 1, 1), COMMUNITY_A1),
            ("李桂兰", date(1935, 5, 1), COMMUNITY_A1),
            ("张建国", date(1944, 2, 2), COMMUNITY_B1),
            ("赵玉梅", date(1923, 3, 3), COMMUNITY_B1),
        ]
    ]
    for number, person in enumerate(people[:3]):
        record_bank_account(
            person,
            bank_name="吴忠农商银行",
            account_number=f"62284800000000{number:05d}",
            account_holder="",
            actor=district_clerk,
        )

    # when the clerk computes June for the district
    page = log_in(browser, live_server, "district_clerk")
    page.goto(live_server.url + "/benefits/runs/")
    page.click("#yy-compute-month")
    page.select_option("#id_program", label="高龄津贴")
    page.select_option("#id_region", value=DISTRICT)
    page.fill("#id_month", "2026-06")
    page.click("#yy-compute")
    page.wait_for_url("**/benefits/runs/*/")
    run = PaymentRun.objects.get()

    # then the totals show: 4 paid, 100 + 500 + 100 + 800 this month, 3 months back pay
    assert page.inner_text("#yy-total-paid").split()[-1] == "4"
    assert "1,500.00" in page.inner_text("#yy-total-amount")
    assert "4,500.00" in page.inner_text("#yy-total-arrears")
    assert "6,000.00" in page.inner_text("#yy-total-total")
    assert page.is_disabled("#yy-submit")
    shot(page, "run-detail-computed")

    # when she holds 赵玉梅's payment (no bank account) and submits
    finding = run.findings.get()
    row = page.locator(f"#finding-{finding.pk}")
    assert "赵玉梅" in row.inner_text()
    row.locator("button[value=confirm]").click()  # without a note: refused beside the field
    page.wait_for_load_state()
    assert page.locator(f"#finding-{finding.pk} .invalid-feedback").count() == 1
    page.locator(f"#finding-{finding.pk} input[name=note]").fill("已电话联系家属补办银行卡")
    page.locator(f"#finding-{finding.pk} button[value=hold]").click()
    page.wait_for_url("**#findings")
    assert "2,800.00" in page.inner_text("#yy-total-total")  # 6000 less 4 x 800 held
    with page.expect_navigation():
        page.click("#yy-submit")
    assert page.locator("#yy-approve").count() == 0  # she cannot approve her own run
    page.context.close()

    # when the second clerk approves and downloads the bank file
    checker = log_in(browser, live_server, "district_checker")
    checker.goto(live_server.url + f"/benefits/runs/{run.pk}/")
    checker.click("#yy-approve")
    checker.wait_for_selector("#yy-bank-xlsx")
    shot(checker, "run-detail-approved")
    with checker.expect_download() as download:
        checker.click("#yy-bank-xlsx")
    saved = SHOTS / "bank-file.xlsx"
    download.value.save_as(saved)

    # then the file holds the three paid elders and the run's total
    run.refresh_from_db()
    sheet = openpyxl.load_workbook(saved).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sorted(r[1] for r in rows[1:-1]) == sorted(["李桂兰", "王秀英", "张建国"])
    assert Decimal(str(rows[-1][9])) == Decimal(run.total_fen) / 100 == Decimal("2800.00")

    # and the programme page shows the rules in words
    checker.goto(live_server.url + f"/benefits/programs/{programs['longevity_allowance'].pk}/")
    assert "800.00" in checker.inner_text("#version-1")
    shot(checker, "program-detail")
    checker.context.close()
