"""The complaint pages: filing from the order and the elder's page, the case list (unresolved
first, overdue in red, filters), a case's steps through its forms, and who sees what."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.homecare.conftest import SHANGHAI, complaint_data
from yiyang.core.models import AccessRecord
from yiyang.homecare import services
from yiyang.homecare.models import CaseEvent, Complaint, ProviderCase

pytestmark = pytest.mark.django_db

FORM = {
    "complainant_kind": "family",
    "complainant_name": "张丽",
    "phone": "139 1234 5678",
    "channel": "hotline",
    "category": "attitude",
    "text": "护理员态度生硬",
}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_clerk_files_a_complaint_from_the_order_page(order, street_worker, case_policy):
    client = client_of(street_worker)
    page = client.get(reverse("homecare:order_detail", args=[order.pk])).content.decode()
    assert reverse("homecare:order_complaint", args=[order.pk]) in page
    answer = client.post(reverse("homecare:order_complaint", args=[order.pk]), FORM)
    case = ProviderCase.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("homecare:case_detail", args=[case.pk])
    assert (case.order, case.complaint.phone, case.complaint.category) == (
        order,
        "13912345678",
        "attitude",
    )


def test_a_bad_complaint_form_names_the_field_and_files_nothing(order, street_worker, case_policy):
    answer = client_of(street_worker).post(
        reverse("homecare:order_complaint", args=[order.pk]), FORM | {"phone": "12"}
    )
    assert answer.status_code == 422
    assert list(answer.context["form"].errors) == ["phone"]
    assert Complaint.objects.count() == 0


def test_a_complaint_about_a_provider_from_the_elders_page(
    elder, provider, street_worker, case_policy
):
    client = client_of(street_worker)
    services_page = client.get(reverse("homecare:elder_services", args=[elder.pk]))
    assert reverse("homecare:elder_complaint", args=[elder.pk]) in services_page.content.decode()
    answer = client.post(
        reverse("homecare:elder_complaint", args=[elder.pk]),
        FORM | {"provider": provider.pk, "complainant_kind": "elder", "complainant_name": ""},
    )
    assert answer.status_code == 302
    case = ProviderCase.objects.get()
    assert (case.order, case.provider, case.complaint.elder, case.complaint.complainant_name) == (
        None,
        provider,
        elder,
        "张秀兰",
    )


def test_the_case_list_shows_unresolved_first_and_overdue_in_red(
    order, provider, street_worker, dispatcher, case_policy, clock
):
    # given three complaints on 2, 3 and 4 March; the first is resolved
    cases = []
    for day in (2, 3, 4):
        clock.move_to(datetime(2026, 3, day, 9, 0, tzinfo=SHANGHAI))
        cases.append(
            services.file_complaint(
                provider, data=complaint_data(text=f"投诉{day}"), order=order, actor=street_worker
            )
        )
    services.acknowledge_case(cases[0], note="受理", actor=dispatcher)
    services.resolve_case(cases[0], outcome="upheld", resolution="道歉", actor=dispatcher)
    services.acknowledge_case(cases[2], note="受理", actor=dispatcher)
    # when the manager opens the list on Monday 9 March
    clock.move_to(datetime(2026, 3, 9, 9, 0, tzinfo=SHANGHAI))
    answer = client_of(dispatcher).get(reverse("homecare:case_list"))
    rows = list(answer.context["page"].object_list)
    # then the unresolved come first, oldest first; the case of 3 March is 4 days past its
    # acknowledgement (due 5 March), the acknowledged one of 4 March is not overdue yet
    assert [case.pk for case in rows] == [cases[1].pk, cases[2].pk, cases[0].pk]
    assert [case.timing.days_overdue for case in rows] == [4, 0, 0]
    page = answer.content.decode()
    assert page.count("list-group-item-danger") == 1
    assert page.count("yy-overdue") == 1
    assert reverse("homecare:case_list") in page  # the nav link


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"status": "unresolved"}, ["complaint"], id="unresolved_case"),
        pytest.param({"status": "resolved"}, ["low_rating"], id="resolved_case"),
        pytest.param({"source": "low_rating"}, ["low_rating"], id="source_case"),
        pytest.param({}, ["complaint", "low_rating"], id="all_case"),
    ],
)
def test_the_case_list_filters_by_status_and_source(
    complaint_case, assigned, caregiver, street_worker, dispatcher, clock, query, expected
):
    services.check_in(assigned, latitude=None, longitude=None, actor=caregiver)
    services.check_out(assigned, actor=caregiver, duration_reason="提前结束")
    services.confirm_visit(assigned, rating=1, actor=street_worker)
    rating_case = ProviderCase.objects.get(source="low_rating")
    services.acknowledge_case(rating_case, note="受理", actor=dispatcher)
    services.resolve_case(rating_case, outcome="not_upheld", resolution="核实", actor=dispatcher)
    answer = client_of(street_worker).get(reverse("homecare:case_list"), query)
    assert [case.source for case in answer.context["page"].object_list] == expected


def test_the_manager_takes_each_step_through_the_case_page(complaint_case, dispatcher):
    client = client_of(dispatcher)
    url = reverse("homecare:case_step", args=[complaint_case.pk])
    client.post(url, {"action": "acknowledge", "note": "马上回电"})
    client.post(url, {"action": "contact", "note": "已与家属沟通"})
    refused = client.post(url, {"action": "resolve", "outcome": "", "resolution": "x"}, follow=True)
    assert [m.level_tag for m in refused.context["messages"]][-1] == "error"
    assert ProviderCase.objects.get().status == "acknowledged"
    client.post(url, {"action": "resolve", "outcome": "upheld", "resolution": "扣减服务费"})
    case = ProviderCase.objects.get()
    assert (case.status, case.outcome, case.resolution) == ("resolved", "upheld", "扣减服务费")
    assert list(
        CaseEvent.objects.filter(case=case).order_by("pk").values_list("event_type", flat=True)
    ) == ["opened", "acknowledged", "contacted", "resolved"]
    page = client.get(reverse("homecare:case_detail", args=[case.pk])).content.decode()
    assert "马上回电" in page
    assert "已与家属沟通" in page


def test_the_street_reopens_a_case_from_its_page_and_the_provider_cannot(
    complaint_case, dispatcher, street_worker
):
    services.acknowledge_case(complaint_case, note="受理", actor=dispatcher)
    services.resolve_case(complaint_case, outcome="upheld", resolution="道歉", actor=dispatcher)
    url = reverse("homecare:case_step", args=[complaint_case.pk])
    provider_page = client_of(dispatcher).get(
        reverse("homecare:case_detail", args=[complaint_case.pk])
    )
    assert "yy-reopen" not in provider_page.content.decode()
    client_of(dispatcher).post(url, {"action": "reopen", "reason": "自行重开"})
    assert ProviderCase.objects.get().status == "resolved"
    street_page = client_of(street_worker).get(
        reverse("homecare:case_detail", args=[complaint_case.pk])
    )
    assert "yy-reopen" in street_page.content.decode()
    client_of(street_worker).post(url, {"action": "reopen", "reason": "家属再次投诉"})
    assert ProviderCase.objects.get().status == "open"


def test_the_manager_sees_the_number_to_call_and_the_view_is_logged(
    complaint_case, dispatcher, street_worker, provider_clerk
):
    url = reverse("homecare:case_detail", args=[complaint_case.pk])
    assert "13912345678" in client_of(dispatcher).get(url).content.decode()
    record = AccessRecord.objects.get()
    assert (record.actor, record.fields, record.object_pk) == (
        dispatcher,
        ["phone"],
        str(complaint_case.complaint.pk),
    )
    for other in (street_worker, provider_clerk):
        page = client_of(other).get(url).content.decode()
        assert "13912345678" not in page
        assert "139****5678" in page
    assert AccessRecord.objects.count() == 1


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("other_manager", id="other_provider_case"),
        pytest.param("other_street_worker", id="other_street_case"),
    ],
)
def test_another_provider_or_street_gets_404_and_an_empty_list(complaint_case, request, who):
    client = client_of(request.getfixturevalue(who))
    assert client.get(reverse("homecare:case_detail", args=[complaint_case.pk])).status_code == 404
    step = client.post(
        reverse("homecare:case_step", args=[complaint_case.pk]),
        {"action": "acknowledge", "note": "x"},
    )
    assert step.status_code == 404
    assert list(client.get(reverse("homecare:case_list")).context["page"].object_list) == []
    assert ProviderCase.objects.get().status == "open"


def test_a_caregiver_has_no_case_pages(complaint_case, caregiver):
    client = client_of(caregiver)
    assert client.get(reverse("homecare:case_list")).status_code == 403
    assert client.get(reverse("homecare:case_detail", args=[complaint_case.pk])).status_code == 403


@pytest.mark.parametrize("count", [pytest.param(1, id="one_case"), pytest.param(5, id="five_case")])
def test_the_case_list_page_reads_a_fixed_number_of_queries(
    order, provider, street_worker, dispatcher, case_policy, django_assert_num_queries, count
):
    for number in range(count):
        services.file_complaint(
            provider, data=complaint_data(text=f"第{number}次"), order=order, actor=street_worker
        )
    client = client_of(dispatcher)
    client.get(reverse("homecare:case_list"))  # warm the session
    # session, user, count, page, the calendar's years and special days, and the base
    # template's three region reads (the user's region and its parents)
    with django_assert_num_queries(9):
        answer = client.get(reverse("homecare:case_list"))
    assert answer.context["page"].paginator.count == count
