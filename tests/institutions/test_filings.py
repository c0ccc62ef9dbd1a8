"""Filing (备案) of institutions: the check due date on the statutory calendar, the checklist,
the check, changes and closures, overdue checks (issue 6)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import STREET_A, STREET_B
from tests.institutions.conftest import institution_data
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.institutions import services
from yiyang.institutions.errors import InstitutionError
from yiyang.institutions.models import Filing, FilingEvent, Institution, InstitutionPolicy

pytestmark = pytest.mark.django_db

TODAY = "2026-12-03 10:00:00+08:00"


@pytest.fixture(autouse=True)
def _today(time_machine):
    """Every test runs on 2026-12-03, so filings, uploads and checks come in order."""
    time_machine.move_to(TODAY, tick=False)


def _state():
    return (
        list(Institution.objects.order_by("pk").values()),
        list(Filing.objects.order_by("pk").values()),
        FilingEvent.objects.count(),
        ChangeRecord.objects.count(),
    )


def _upload_all(filing, actor):
    for item in filing.required_documents:
        services.add_document(
            filing,
            code=item["code"],
            upload=SimpleUploadedFile(f"{item['code']}.pdf", b"%PDF-1.4 scan"),
            actor=actor,
        )


def test_a_filing_before_national_day_is_due_after_the_holiday(filing_a):
    # given a filing on Friday 2025-09-26 and the seeded policy of 20 working days
    # then the check is due on 2025-10-30 (09-28 and 10-11 worked, 10-01…10-08 rest)
    assert (filing_a.check_working_days, filing_a.check_due_on) == (20, date(2025, 10, 30))
    assert filing_a.institution.status == "filed"
    assert filing_a.kind == "new"
    event = filing_a.events.get()
    assert (event.type, event.data["check_due_on"]) == ("submitted", "2025-10-30")


def test_the_last_day_before_the_holiday_is_due_in_november(filing_b):
    assert filing_b.check_due_on == date(2025, 11, 4)


def test_the_working_days_figure_is_policy_data(street_worker):
    # given a later policy row (a made-up figure) in force from 2026-01-01
    InstitutionPolicy.objects.create(
        effective_from=date(2026, 1, 1), check_working_days=10, required_documents=[]
    )
    # when an institution files on Friday 2026-02-13, before the Spring Festival
    filing = services.file_new_institution(
        data=institution_data(STREET_A, "MA000003", "春节前备案院"),
        filed_on=date(2026, 2, 13),
        actor=street_worker,
    )
    # then 02-14 worked (1), 02-24…02-27 (2-5), 02-28 worked (6), 03-02…03-05 (7-10)
    assert (filing.check_working_days, filing.check_due_on) == (10, date(2026, 3, 5))


def test_a_filing_in_an_unpublished_year_is_refused_and_nothing_is_written(
    street_worker, time_machine
):
    time_machine.move_to("2027-01-05 10:00:00+08:00", tick=False)
    before = _state()
    with pytest.raises(InstitutionError) as refused:
        services.file_new_institution(
            data=institution_data(STREET_A, "MA000004", "新年院"),
            filed_on=date(2027, 1, 4),
            actor=street_worker,
        )
    assert (refused.value.code, refused.value.field) == ("calendar_unknown", "filed_on")
    assert "2027" in refused.value.message
    assert _state() == before


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"credit_code": "91640302MA0000010X"}, "institution_credit_code_invalid", "credit_code"),
        ({"name": " "}, "required", "name"),
        ({"ownership": "state"}, "choice_invalid", "ownership"),
        ({"region_code": STREET_B}, "region_out_of_scope", "region_code"),
        ({"latitude": "91"}, "coordinate_invalid", "latitude"),
    ],
)
def test_bad_institution_data_is_refused_naming_the_field(street_worker, change, code, field):
    before = _state()
    data = {**institution_data(STREET_A, "MA000005", "错误院"), **change}
    with pytest.raises(InstitutionError) as refused:
        services.file_new_institution(data=data, filed_on=date(2025, 9, 26), actor=street_worker)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert _state() == before


def test_a_credit_code_is_filed_once(filing_a, street_worker):
    before = _state()
    with pytest.raises(InstitutionError) as refused:
        services.file_new_institution(
            data=institution_data(STREET_A, "MA000001", "重复院"),
            filed_on=date(2025, 9, 26),
            actor=street_worker,
        )
    assert refused.value.code == "institution_credit_code_taken"
    assert _state() == before


def test_a_confirmed_check_needs_every_document(filing_a, district_worker):
    before = _state()
    with pytest.raises(InstitutionError) as refused:
        services.record_check(
            filing_a,
            checked_on=date(2025, 10, 20),
            result="confirmed",
            note="",
            actor=district_worker,
        )
    assert refused.value.code == "institution_documents_missing"
    assert "消防验收或检查合格证明" in refused.value.message
    assert _state() == before


def test_documents_then_a_confirmed_check_make_the_institution_operate(
    filing_a, street_worker, district_worker
):
    _upload_all(filing_a, street_worker)
    assert all(item["provided"] for item in filing_a.checklist())

    checked = services.record_check(
        filing_a,
        checked_on=date(2025, 10, 20),
        result="confirmed",
        note="",
        actor=district_worker,
    )

    assert (checked.status, checked.check_result, checked.checked_by) == (
        "checked",
        "confirmed",
        district_worker,
    )
    assert Institution.objects.get(pk=filing_a.institution_id).status == "operating"
    assert list(filing_a.events.values_list("type", flat=True)) == [
        "submitted",
        "document_added",
        "document_added",
        "document_added",
        "document_added",
        "checked",
    ]


def test_a_street_worker_takes_filings_but_does_not_check(filing_a, street_worker):
    _upload_all(filing_a, street_worker)
    before = _state()
    with pytest.raises(PermissionDeniedError):
        services.record_check(
            filing_a,
            checked_on=date(2025, 10, 20),
            result="confirmed",
            note="",
            actor=street_worker,
        )
    assert _state() == before


def test_a_rectification_needs_a_note_and_a_check_day_after_filing(filing_a, district_worker):
    before = _state()
    with pytest.raises(InstitutionError) as no_note:
        services.record_check(
            filing_a,
            checked_on=date(2025, 10, 20),
            result="rectify",
            note="",
            actor=district_worker,
        )
    with pytest.raises(InstitutionError) as too_early:
        services.record_check(
            filing_a,
            checked_on=date(2025, 9, 25),
            result="rectify",
            note="消防通道堵塞",
            actor=district_worker,
        )
    assert (no_note.value.code, no_note.value.field) == ("required", "note")
    assert (too_early.value.code, too_early.value.field) == ("date_invalid", "checked_on")
    assert _state() == before


def test_overdue_lists_only_unchecked_filings_past_their_due_day(
    filing_a, filing_b, street_worker, district_worker
):
    # given A's check recorded and B's not, both due in 2025
    services.record_check(
        filing_a,
        checked_on=date(2025, 10, 20),
        result="rectify",
        note="消防通道堵塞",
        actor=district_worker,
    )
    # then only B is overdue today
    assert list(Filing.objects.overdue(date(2026, 12, 3))) == [filing_b]
    # and not on its due day itself
    assert list(Filing.objects.overdue(date(2025, 11, 4))) == []


def test_a_closure_is_filed_and_checked_like_a_new_filing(filing_a, street_worker, district_worker):
    _upload_all(filing_a, street_worker)
    services.record_check(
        filing_a, checked_on=date(2025, 10, 20), result="confirmed", note="", actor=district_worker
    )
    # when the institution files its closure on Wednesday 2026-09-30
    closure = services.file_change(
        filing_a.institution,
        kind="closure",
        filed_on=date(2026, 9, 30),
        note="举办者申请停业",
        actor=street_worker,
    )
    # then its check is due after National Day 2026 (10-01…10-07 rest, Saturday 10-10 worked):
    # 10-08 (1), 10-09 (2), 10-10 (3), 10-12…10-16 (4-8), 10-19…10-23 (9-13),
    # 10-26…10-30 (14-18), 11-02 (19), 11-03 (20)
    assert closure.check_due_on == date(2026, 11, 3)
    _upload_all(closure, street_worker)
    services.record_check(
        closure, checked_on=date(2026, 11, 2), result="confirmed", note="", actor=district_worker
    )
    assert Institution.objects.get(pk=filing_a.institution_id).status == "closed"


def test_a_second_filing_waits_for_the_first_check(filing_a, street_worker):
    before = _state()
    with pytest.raises(InstitutionError) as refused:
        services.file_change(
            filing_a.institution,
            kind="change",
            filed_on=date(2025, 10, 9),
            note="法定代表人变更",
            actor=street_worker,
        )
    assert refused.value.code == "institution_filing_open"
    assert _state() == before


def test_the_other_street_cannot_file_for_an_institution(filing_a, other_street_worker):
    before = _state()
    with pytest.raises(PermissionDeniedError):
        services.file_change(
            filing_a.institution,
            kind="change",
            filed_on=date(2025, 10, 9),
            note="x",
            actor=other_street_worker,
        )
    assert _state() == before


def test_institution_staff_see_their_institution_only(filing_a, filing_b, institution_staff):
    assert list(Institution.objects.visible_to(institution_staff)) == [filing_a.institution]
    assert list(Filing.objects.visible_to(institution_staff)) == [filing_a]


def test_clerks_see_their_region_and_below(filing_a, filing_b, street_worker, district_worker):
    assert list(Institution.objects.visible_to(street_worker)) == [filing_a.institution]
    assert set(Institution.objects.visible_to(district_worker)) == {
        filing_a.institution,
        filing_b.institution,
    }
