"""Payment run pages: the list, computing a month, the run's numbers and lists, findings,
submit and approve by two people, and the bank disbursement file."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, DISTRICT, OTHER_DISTRICT, STREET_A
from tests.factories import make_elder
from yiyang.benefits.choices import FindingStatus, Reason, RunStatus
from yiyang.benefits.models import Finding, PaymentRun
from yiyang.benefits.services import (
    approve_run,
    compute_run,
    record_bank_account,
    review_finding,
    submit_run,
)
from yiyang.core.models import AccessRecord
from yiyang.registry.models import Elder

pytestmark = pytest.mark.django_db


def _elder(birth: date, community: str = COMMUNITY_A1, **extra):
    return make_elder(
        residence_region_id=community, hukou_region_id=community, birth=birth, **extra
    )


@pytest.fixture
def elders():
    """Three over-80s in street A, one over-90 in street B; all but one have an account."""
    return [
        _elder(date(1940, 1, 1), name="王大爷"),
        _elder(date(1935, 5, 1), name="李奶奶"),
        _elder(date(1944, 2, 2), name="张爷爷"),
        _elder(date(1930, 3, 3), COMMUNITY_B1, name="赵奶奶"),
    ]


def _accounts(people, actor):
    for number, person in enumerate(people[:3]):
        record_bank_account(
            person,
            bank_name="吴忠农商银行",
            account_number=f"622848000000000{number:04d}",
            account_holder="",
            actor=actor,
        )


@pytest.fixture
def june_run(programs, regions, elders, district_clerk):
    _accounts(elders, district_clerk)
    return compute_run(
        programs["longevity_allowance"],
        region=regions[DISTRICT],
        month=date(2026, 6, 1),
        actor=district_clerk,
    )


def _approved(run, clerk, checker):
    for finding in Finding.objects.filter(run=run, status=FindingStatus.OPEN):
        review_finding(finding, hold=False, note="checked", actor=clerk)
    submit_run(run, actor=clerk)
    return approve_run(run, actor=checker)


def test_run_detail_shows_the_totals_and_the_new_rows(client, june_run, district_clerk):
    # given the district's June run: 100 + 500 + 100 + 500 yuan, the first month (all new)
    client.force_login(district_clerk)

    # when the clerk opens it
    response = client.get(reverse("benefits:run_detail", kwargs={"pk": june_run.pk}))

    # then the totals are in yuan and every elder is listed as new, masked
    assert response.status_code == 200
    text = response.content.decode()
    assert june_run.paid_count == 4
    assert june_run.amount_fen == 120000
    assert "1,200.00" in text
    for name in ("王大爷", "李奶奶", "张爷爷", "赵奶奶"):
        assert name in text
    first = response.context["rows"][0]["row"].elder
    assert first.id_number_masked in text
    assert first.id_number not in text
    assert [count for _value, _label, count in response.context["tabs"]] == [4, 0, 0, 0]
    # 赵奶奶 has no bank account: one finding to review
    assert [f.check_code for f, _c, _e in response.context["findings"]] == ["no_bank_account"]
    assert response.context["may_submit"] is True


def test_run_detail_lists_a_change_with_previous_and_new_amount(
    client, june_run, elders, programs, regions, district_clerk, district_checker
):
    # given June approved and July computed, in which 张爷爷 has died in June
    _approved(june_run, district_clerk, district_checker)
    Elder.objects.filter(pk=elders[2].pk).update(date_of_death=date(2026, 6, 10))
    with time_machine.travel(date(2026, 7, 3), tick=False):
        july = compute_run(
            programs["longevity_allowance"],
            region=regions[DISTRICT],
            month=date(2026, 7, 1),
            actor=district_clerk,
        )
        client.force_login(district_clerk)

        # when the clerk opens the list of stopped rows
        response = client.get(
            reverse("benefits:run_detail", kwargs={"pk": july.pk}), {"change": "stopped"}
        )

    # then 张爷爷 is there with last month's 100.00 and 0.00 now, and the reason in words
    rows = response.context["rows"]
    assert [(r["row"].elder.name, r["previous"], r["amount"]) for r in rows] == [
        ("张爷爷", "100.00", "0.00")
    ]
    assert rows[0]["reason"] == Reason.DECEASED.label


def test_street_worker_sees_her_street_run_but_not_the_district_run(
    client, june_run, programs, regions, street_worker
):
    # given the district's run and street A's own run
    client.force_login(street_worker)
    own = compute_run(
        programs["longevity_allowance"],
        region=regions[STREET_A],
        month=date(2026, 6, 1),
        actor=street_worker,
    )

    # then the district's run is not found, her street's is, and the list shows only hers
    assert client.get(reverse("benefits:run_detail", kwargs={"pk": june_run.pk})).status_code == 404
    assert client.get(reverse("benefits:run_detail", kwargs={"pk": own.pk})).status_code == 200
    listed = client.get(reverse("benefits:run_list"))
    assert [run.pk for run, _total in listed.context["rows"]] == [own.pk]


def test_other_district_clerk_gets_404_on_every_run_page(client, june_run, other_district_clerk):
    client.force_login(other_district_clerk)
    for name in ("run_detail", "run_bank_file"):
        url = reverse(f"benefits:{name}", kwargs={"pk": june_run.pk})
        assert client.get(url).status_code == 404
    for name in ("run_recompute", "run_submit", "run_approve", "run_cancel"):
        url = reverse(f"benefits:{name}", kwargs={"pk": june_run.pk})
        assert client.post(url, {"reason": "x"}).status_code == 404
    june_run.refresh_from_db()
    assert june_run.status == RunStatus.COMPUTED


def test_compute_form_offers_only_own_regions_and_computes(
    client, programs, regions, elders, district_clerk
):
    client.force_login(district_clerk)
    page = client.get(reverse("benefits:run_compute"))
    codes = [code for code, _label in page.context["form"].fields["region"].choices]
    assert DISTRICT in codes
    assert OTHER_DISTRICT not in codes

    response = client.post(
        reverse("benefits:run_compute"),
        {"program": programs["longevity_allowance"].pk, "region": DISTRICT, "month": "2026-06"},
    )

    run = PaymentRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("benefits:run_detail", kwargs={"pk": run.pk})
    assert (run.region_id, run.month) == (DISTRICT, date(2026, 6, 1))


def test_compute_form_shows_a_bad_month_beside_the_field(client, programs, district_clerk):
    client.force_login(district_clerk)
    response = client.post(
        reverse("benefits:run_compute"),
        {"program": programs["longevity_allowance"].pk, "region": DISTRICT, "month": "2026-13"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["month"]
    # a month not yet begun: the service's refusal beside the month
    response = client.post(
        reverse("benefits:run_compute"),
        {"program": programs["longevity_allowance"].pk, "region": DISTRICT, "month": "2026-08"},
    )
    assert response.context["form"].errors["month"] == [
        gettext("A month that has not begun cannot be computed.")
    ]
    assert PaymentRun.objects.count() == 0


def test_confirming_a_finding_needs_a_note(client, june_run, district_clerk):
    client.force_login(district_clerk)
    finding = Finding.objects.get(run=june_run)
    url = reverse("benefits:finding_review", kwargs={"pk": finding.pk})

    refused = client.post(url, {"action": "confirm", "note": ""})
    assert refused.status_code == 422
    assert (
        gettext("Say why this payment is right before confirming it.") in refused.content.decode()
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN

    held = client.post(url, {"action": "hold", "note": ""})
    assert held.status_code == 302
    finding.refresh_from_db()
    june_run.refresh_from_db()
    assert finding.status == FindingStatus.HELD
    assert june_run.held_fen == 200000  # 500 for June and three months back


def test_the_submitter_cannot_approve_and_a_second_clerk_can(
    client, june_run, district_clerk, district_checker
):
    client.force_login(district_clerk)
    finding = Finding.objects.get(run=june_run)
    client.post(reverse("benefits:finding_review", kwargs={"pk": finding.pk}), {"action": "hold"})
    client.post(reverse("benefits:run_submit", kwargs={"pk": june_run.pk}))
    page = client.get(reverse("benefits:run_detail", kwargs={"pk": june_run.pk}))
    assert page.context["is_submitter"] is True
    client.post(reverse("benefits:run_approve", kwargs={"pk": june_run.pk}))
    june_run.refresh_from_db()
    assert june_run.status == RunStatus.SUBMITTED

    client.force_login(district_checker)
    client.post(reverse("benefits:run_approve", kwargs={"pk": june_run.pk}))
    june_run.refresh_from_db()
    assert june_run.status == RunStatus.APPROVED


def test_street_worker_may_not_approve_or_export(client, programs, regions, street_worker):
    run = compute_run(
        programs["longevity_allowance"],
        region=regions[STREET_A],
        month=date(2026, 6, 1),
        actor=street_worker,
    )
    client.force_login(street_worker)
    assert client.post(reverse("benefits:run_approve", kwargs={"pk": run.pk})).status_code == 403
    assert client.get(reverse("benefits:run_bank_file", kwargs={"pk": run.pk})).status_code == 403


def test_bank_file_xlsx_opens_and_its_totals_equal_the_run(
    client, june_run, district_clerk, district_checker
):
    # given the June run approved with 赵奶奶 (no account) held
    finding = Finding.objects.get(run=june_run)
    review_finding(finding, hold=True, note="", actor=district_clerk)
    submit_run(june_run, actor=district_clerk)
    run = approve_run(june_run, actor=district_checker)
    client.force_login(district_checker)

    # when the checker downloads the bank file
    response = client.get(reverse("benefits:run_bank_file", kwargs={"pk": run.pk}))

    # then it is a workbook with the paying rows only and a totals row equal to the run
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "姓名", "身份证号（脱敏）", "身份证号")
    body, total = rows[1:-1], rows[-1]
    assert sorted(row[1] for row in body) == ["张爷爷", "李奶奶", "王大爷"]
    assert total[0] == "合计"
    assert Decimal(str(total[9])) == Decimal(run.total_fen) / 100 == Decimal("2800.00")
    assert sum(Decimal(str(row[9])) for row in body) == Decimal("2800.00")
    # June pays 100 + 500 + 100 and back-pays March to May (arrears_months 3)
    assert sum(Decimal(str(row[8])) for row in body) == Decimal("2100.00")
    assert sheet.cell(row=2, column=8).number_format == "0.00"
    assert all(len(row[3]) == 18 for row in body)
    # and the export of full numbers is in the access log
    record = AccessRecord.objects.get()
    assert (record.kind, record.row_count, record.actor_id) == ("export", 3, district_checker.pk)


def test_bank_file_csv_has_a_bom_and_the_same_total(
    client, june_run, district_clerk, district_checker
):
    run = _approved(june_run, district_clerk, district_checker)
    client.force_login(district_checker)

    response = client.get(
        reverse("benefits:run_bank_file", kwargs={"pk": run.pk}), {"format": "csv"}
    )

    assert response.content[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[-1][0] == "合计"
    assert rows[-1][9] == "4800.00"  # 1200 for June and 3 months of back pay
    assert len(rows) == 1 + 4 + 1


def test_bank_file_of_an_open_run_is_not_found(client, june_run, district_checker):
    client.force_login(district_checker)
    response = client.get(reverse("benefits:run_bank_file", kwargs={"pk": june_run.pk}))
    assert response.status_code == 404
    assert AccessRecord.objects.count() == 0
