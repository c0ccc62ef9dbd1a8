"""Complaints and provider cases (issue 5): filing, every step of a case and its refusals, the
deadlines on the statutory calendar (across National Day 2026), and who sees which case."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.conftest import COMMUNITY_A1, STREET_A
from tests.homecare.conftest import HOME, SHANGHAI, complaint_data
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord
from yiyang.homecare import services
from yiyang.homecare.case_deadlines import with_timing
from yiyang.homecare.errors import HomecareError
from yiyang.homecare.models import CaseEvent, Complaint, ProviderCase

pytestmark = pytest.mark.django_db


def _events(case) -> list[tuple[str, str | None]]:
    return [
        (event.event_type, event.actor.username if event.actor else None)
        for event in CaseEvent.objects.filter(case=case).order_by("created_at", "pk")
    ]


def _timing(case, today: date):
    return with_timing([ProviderCase.objects.get(pk=case.pk)], today=today)[0].timing


def test_a_complaint_about_a_visit_opens_a_case_for_the_provider(
    complaint_case, order, provider, street_worker
):
    complaint = Complaint.objects.get()
    assert (complaint.order, complaint.elder_id, complaint.region_id) == (
        order,
        order.elder_id,
        COMMUNITY_A1,
    )
    assert (complaint.channel, complaint.category, complaint.phone, complaint.filed_by) == (
        "hotline",
        "late_or_no_show",
        "13912345678",
        street_worker,
    )
    case = ProviderCase.objects.get()
    assert (case.source, case.complaint, case.order, case.provider, case.status) == (
        "complaint",
        complaint,
        order,
        provider,
        "open",
    )
    assert (case.acknowledge_working_days, case.resolve_working_days) == (2, 5)
    assert _events(case) == [("opened", "street_worker")]
    # the phone is kept in the audit masked, with a hash
    record = ChangeRecord.objects.get(content_type__model="complaint")
    assert record.changes["phone"][1]["masked"] == "139****5678"


def test_deadlines_count_working_days_from_the_day_after(complaint_case):
    # filed Monday 2 March 2026: acknowledge by Wednesday, resolve by Monday 9 March
    timing = _timing(complaint_case, date(2026, 3, 4))
    assert (timing.acknowledge_due, timing.resolve_due, timing.days_overdue) == (
        date(2026, 3, 4),
        date(2026, 3, 9),
        0,
    )
    assert _timing(complaint_case, date(2026, 3, 6)).days_overdue == 2


def test_deadlines_skip_national_day_and_count_its_worked_saturday(
    order, provider, street_worker, dispatcher, case_policy, clock
):
    # given a complaint on Wednesday 30 September 2026 (1–7 October rest, Saturday 10 worked)
    clock.move_to(datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI))
    case = services.file_complaint(
        provider, data=complaint_data(), order=order, actor=street_worker
    )
    # then it is to be acknowledged by Friday 9 October and resolved by Tuesday 13 October
    timing = _timing(case, date(2026, 10, 8))
    assert (timing.acknowledge_due, timing.resolve_due, timing.is_overdue) == (
        date(2026, 10, 9),
        date(2026, 10, 13),
        False,
    )
    # unacknowledged on 15 October it is 6 days late; once acknowledged, 2 (the resolution)
    assert _timing(case, date(2026, 10, 15)).days_overdue == 6
    clock.move_to(datetime(2026, 10, 9, 9, 0, tzinfo=SHANGHAI))
    services.acknowledge_case(case, note="已安排回访", actor=dispatcher)
    assert _timing(case, date(2026, 10, 15)).days_overdue == 2


def test_a_deadline_in_an_unpublished_year_is_unknown_not_guessed(
    order, provider, street_worker, case_policy, clock
):
    clock.move_to(datetime(2026, 12, 29, 10, 0, tzinfo=SHANGHAI))  # Tuesday
    case = services.file_complaint(
        provider, data=complaint_data(), order=order, actor=street_worker
    )
    timing = _timing(case, date(2027, 3, 1))
    assert (timing.acknowledge_due, timing.resolve_due, timing.days_overdue) == (
        date(2026, 12, 31),
        None,
        60,  # the acknowledgement, whose day is known
    )


def test_a_complaint_about_the_provider_in_general_lies_where_it_was_received(
    provider, street_worker, case_policy
):
    case = services.file_complaint(
        provider,
        data=complaint_data(complainant_kind="other", category="charging", text="乱收费"),
        actor=street_worker,
    )
    assert (case.order, case.region_id, case.complaint.elder) == (None, STREET_A, None)


def test_the_elder_complaining_is_named_from_the_registry(
    order, provider, street_worker, case_policy
):
    case = services.file_complaint(
        provider,
        data=complaint_data(complainant_kind="elder", complainant_name="", phone=""),
        order=order,
        actor=street_worker,
    )
    assert (case.complaint.complainant_name, case.complaint.phone) == ("张秀兰", "")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"complainant_kind": "neighbour"}, "complainant_kind", id="kind_case"),
        pytest.param({"complainant_name": " "}, "complainant_name", id="name_case"),
        pytest.param({"phone": "12345"}, "phone", id="phone_case"),
        pytest.param({"channel": "family_link"}, "channel", id="link_channel_case"),
        pytest.param({"channel": "letter"}, "channel", id="channel_case"),
        pytest.param({"category": "noise"}, "category", id="category_case"),
        pytest.param({"text": "  "}, "text", id="text_case"),
        pytest.param({"text": "长" * 2001}, "text", id="long_text_case"),
    ],
)
def test_a_bad_complaint_names_the_field_and_writes_nothing(
    order, provider, street_worker, case_policy, changes, field
):
    audits = ChangeRecord.objects.count()
    with pytest.raises(HomecareError) as refused:
        services.file_complaint(
            provider, data=complaint_data(**changes), order=order, actor=street_worker
        )
    assert (refused.value.code, refused.value.field) == ("complaint_invalid", field)
    assert (Complaint.objects.count(), ProviderCase.objects.count()) == (0, 0)
    assert ChangeRecord.objects.count() == audits


def test_a_visit_of_another_provider_is_refused(order, other_provider, street_worker, case_policy):
    with pytest.raises(HomecareError) as refused:
        services.file_complaint(
            other_provider, data=complaint_data(), order=order, actor=street_worker
        )
    assert refused.value.field == "order"
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("other_street_worker", id="other_street_case"),
        pytest.param("dispatcher", id="provider_case"),
        pytest.param("caregiver", id="caregiver_case"),
    ],
)
def test_only_clerks_of_the_elders_region_file_complaints(
    order, provider, case_policy, request, who
):
    with pytest.raises(PermissionDeniedError):
        services.file_complaint(
            provider, data=complaint_data(), order=order, actor=request.getfixturevalue(who)
        )
    assert Complaint.objects.count() == 0


def test_the_manager_acknowledges_contacts_and_resolves_each_step_on_the_timeline(
    complaint_case, dispatcher, clock
):
    clock.shift(timedelta(hours=2))
    services.acknowledge_case(complaint_case, note="今天回电", actor=dispatcher)
    clock.shift(timedelta(hours=1))
    services.record_contact(complaint_case, note="已向家属道歉", actor=dispatcher)
    clock.shift(timedelta(days=1))
    services.resolve_case(
        complaint_case,
        outcome="upheld",
        resolution="更换护理员并培训",
        satisfaction="satisfied",
        actor=dispatcher,
    )
    case = ProviderCase.objects.get()
    assert (case.status, case.outcome, case.resolution, case.satisfaction) == (
        "resolved",
        "upheld",
        "更换护理员并培训",
        "satisfied",
    )
    assert (case.acknowledged_by, case.resolved_by) == (dispatcher, dispatcher)
    assert case.acknowledged_at == datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
    assert case.resolved_at == datetime(2026, 3, 3, 11, 0, tzinfo=SHANGHAI)
    assert _events(case) == [
        ("opened", "street_worker"),
        ("acknowledged", "dispatcher"),
        ("contacted", "dispatcher"),
        ("resolved", "dispatcher"),
    ]
    assert [e.note for e in CaseEvent.objects.filter(case=case).order_by("pk")][1:] == [
        "今天回电",
        "已向家属道歉",
        "更换护理员并培训",
    ]
    assert ChangeRecord.objects.filter(content_type__model="providercase").count() == 4
    assert _timing(case, date(2026, 3, 20)).days_overdue == 0


@pytest.mark.parametrize(
    ("step", "field"),
    [
        pytest.param(
            lambda c, a: services.acknowledge_case(c, note=" ", actor=a), "note", id="ack_case"
        ),
        pytest.param(
            lambda c, a: services.record_contact(c, note="", actor=a), "note", id="contact_case"
        ),
    ],
)
def test_a_step_without_its_note_is_refused(complaint_case, dispatcher, step, field):
    with pytest.raises(HomecareError) as refused:
        step(complaint_case, dispatcher)
    assert (refused.value.code, refused.value.field) == ("case_invalid", field)
    assert CaseEvent.objects.filter(case=complaint_case).count() == 1
    assert ProviderCase.objects.get().status == "open"


@pytest.mark.parametrize(
    ("outcome", "resolution", "satisfaction", "field"),
    [
        pytest.param("", "已处理", "", "outcome", id="outcome_case"),
        pytest.param("upheld", " ", "", "resolution", id="resolution_case"),
        pytest.param("upheld", "已处理", "happy", "satisfaction", id="satisfaction_case"),
    ],
)
def test_a_resolution_without_its_fields_is_refused(
    complaint_case, dispatcher, outcome, resolution, satisfaction, field
):
    services.acknowledge_case(complaint_case, note="受理", actor=dispatcher)
    with pytest.raises(HomecareError) as refused:
        services.resolve_case(
            complaint_case,
            outcome=outcome,
            resolution=resolution,
            satisfaction=satisfaction,
            actor=dispatcher,
        )
    assert (refused.value.code, refused.value.field) == ("case_invalid", field)
    assert ProviderCase.objects.get().status == "acknowledged"


def test_steps_out_of_order_are_refused_and_change_nothing(complaint_case, dispatcher):
    with pytest.raises(HomecareError) as early:
        services.resolve_case(complaint_case, outcome="upheld", resolution="x", actor=dispatcher)
    assert (early.value.code, early.value.field) == ("case_wrong_status", "status")
    services.acknowledge_case(complaint_case, note="受理", actor=dispatcher)
    with pytest.raises(HomecareError) as twice:
        services.acknowledge_case(complaint_case, note="再次", actor=dispatcher)
    assert twice.value.code == "case_wrong_status"
    services.resolve_case(
        complaint_case, outcome="not_upheld", resolution="核实无误", actor=dispatcher
    )
    for late in (
        lambda: services.record_contact(complaint_case, note="x", actor=dispatcher),
        lambda: services.resolve_case(
            complaint_case, outcome="upheld", resolution="x", actor=dispatcher
        ),
    ):
        with pytest.raises(HomecareError) as refused:
            late()
        assert refused.value.code == "case_wrong_status"
    assert [t for t, _actor in _events(complaint_case)] == ["opened", "acknowledged", "resolved"]


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("provider_clerk", id="not_manager_case"),
        pytest.param("other_manager", id="other_provider_case"),
        pytest.param("street_worker", id="bureau_case"),
        pytest.param("caregiver", id="caregiver_case"),
    ],
)
def test_only_the_providers_manager_handles_its_cases(complaint_case, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError):
        services.acknowledge_case(complaint_case, note="受理", actor=actor)
    assert ProviderCase.objects.get().status == "open"


def test_the_bureau_reopens_a_resolved_case_with_a_reason_and_new_deadlines(
    complaint_case, dispatcher, street_worker, clock
):
    services.acknowledge_case(complaint_case, note="受理", actor=dispatcher)
    services.resolve_case(complaint_case, outcome="upheld", resolution="道歉", actor=dispatcher)
    clock.move_to(datetime(2026, 3, 12, 9, 0, tzinfo=SHANGHAI))  # Thursday
    services.reopen_case(complaint_case, reason="家属仍不满意", actor=street_worker)
    case = ProviderCase.objects.get()
    assert (case.status, case.outcome, case.resolved_at, case.acknowledged_at) == (
        "open",
        "",
        None,
        None,
    )
    assert case.reopened_at == datetime(2026, 3, 12, 9, 0, tzinfo=SHANGHAI)
    assert _events(case)[-1] == ("reopened", "street_worker")
    timing = _timing(case, date(2026, 3, 12))
    assert (timing.acknowledge_due, timing.resolve_due) == (date(2026, 3, 16), date(2026, 3, 19))
    # the manager takes it up again
    services.acknowledge_case(case, note="重新处理", actor=dispatcher)
    assert ProviderCase.objects.get().status == "acknowledged"


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("other_street_worker", id="other_street_case"),
        pytest.param("dispatcher", id="provider_case"),
        pytest.param("community_worker", id="community_case"),
    ],
)
def test_only_the_bureau_of_the_region_reopens(complaint_case, dispatcher, request, who):
    services.acknowledge_case(complaint_case, note="受理", actor=dispatcher)
    services.resolve_case(complaint_case, outcome="upheld", resolution="道歉", actor=dispatcher)
    with pytest.raises(PermissionDeniedError):
        services.reopen_case(complaint_case, reason="x", actor=request.getfixturevalue(who))
    assert ProviderCase.objects.get().status == "resolved"


def test_reopening_needs_a_reason_and_a_resolved_case(complaint_case, street_worker, dispatcher):
    with pytest.raises(HomecareError) as open_case:
        services.reopen_case(complaint_case, reason="x", actor=street_worker)
    assert open_case.value.code == "case_wrong_status"
    services.acknowledge_case(complaint_case, note="受理", actor=dispatcher)
    services.resolve_case(complaint_case, outcome="upheld", resolution="道歉", actor=dispatcher)
    with pytest.raises(HomecareError) as no_reason:
        services.reopen_case(complaint_case, reason=" ", actor=street_worker)
    assert (no_reason.value.code, no_reason.value.field) == ("case_invalid", "reason")
    assert ProviderCase.objects.get().status == "resolved"


def test_the_bureau_records_the_complainants_satisfaction_after_resolution(
    complaint_case, dispatcher, street_worker
):
    with pytest.raises(HomecareError) as early:
        services.record_satisfaction(complaint_case, satisfaction="satisfied", actor=street_worker)
    assert early.value.code == "case_wrong_status"
    services.acknowledge_case(complaint_case, note="受理", actor=dispatcher)
    services.resolve_case(complaint_case, outcome="upheld", resolution="道歉", actor=dispatcher)
    services.record_satisfaction(
        complaint_case, satisfaction="dissatisfied", note="回访：不满意", actor=street_worker
    )
    case = ProviderCase.objects.get()
    assert case.satisfaction == "dissatisfied"
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.event_type, event.actor, event.data) == (
        "satisfaction",
        street_worker,
        {"satisfaction": "dissatisfied"},
    )


def test_a_low_rating_and_a_complaint_give_one_order_two_cases(
    assigned, caregiver, clock, street_worker, provider, case_policy
):
    services.check_in(assigned, latitude=HOME[0], longitude=HOME[1], actor=caregiver)
    clock.shift(timedelta(minutes=60))
    services.check_out(assigned, actor=caregiver)
    services.confirm_visit(assigned, rating=1, comment="态度差", actor=street_worker)
    services.file_complaint(
        provider,
        data=complaint_data(category="attitude", text="态度差"),
        order=assigned,
        actor=street_worker,
    )
    assert sorted(assigned.cases.values_list("source", flat=True)) == ["complaint", "low_rating"]
    rating_case = assigned.cases.get(source="low_rating")
    assert (rating_case.region_id, rating_case.complaint) == (COMMUNITY_A1, None)
    assert rating_case.reason.endswith("态度差")


def test_provider_staff_see_their_providers_cases_and_officials_their_regions(
    complaint_case,
    other_provider,
    other_elder,
    items,
    other_street_worker,
    dispatcher,
    provider_clerk,
    other_manager,
    street_worker,
    community_worker,
    district_clerk,
    caregiver,
):
    # given a complaint about provider B's service to an elder of street B
    other = services.file_complaint(
        other_provider,
        elder=other_elder,
        data=complaint_data(complainant_kind="elder", complainant_name=""),
        actor=other_street_worker,
    )

    def seen(user) -> set[int]:
        return set(ProviderCase.objects.visible_to(user).values_list("pk", flat=True))

    mine = complaint_case.pk
    assert seen(dispatcher) == seen(provider_clerk) == {mine}
    assert seen(other_manager) == {other.pk}
    assert seen(street_worker) == seen(community_worker) == {mine}
    assert seen(other_street_worker) == {other.pk}
    assert seen(district_clerk) == {mine, other.pk}
    assert seen(caregiver) == set()
    assert set(Complaint.objects.visible_to(other_manager).values_list("pk", flat=True)) == {
        other.complaint.pk
    }
