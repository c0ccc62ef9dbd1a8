"""The family's confirmation link: a signed, expiring link with which a daughter confirms and
rates her mother's visit without an account; forged, expired and wrong-state links change
nothing; only those who may confirm a visit themselves can hand the link out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import JsonClient
from tests.homecare.conftest import HOME
from yiyang.homecare import services
from yiyang.homecare.models import OrderEvent, ProviderCase, ServiceOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def visited(assigned, caregiver, clock):
    services.check_in(assigned, latitude=HOME[0], longitude=HOME[1], actor=caregiver)
    clock.shift(timedelta(minutes=60))
    return services.check_out(assigned, actor=caregiver)


def page(token: str) -> str:
    return reverse("homecare:family_confirm", args=[token])


def test_the_family_confirms_and_rates_from_the_link_without_an_account(visited):
    url = page(services.family_link_token(visited))
    shown = Client().get(url)
    assert shown.status_code == 200
    assert "助洁60分钟" in shown.content.decode()
    answer = Client().post(url, {"rating": "4", "comment": "很细心"})
    assert answer.status_code == 302
    order = ServiceOrder.objects.get(pk=visited.pk)
    assert (order.status, order.rating, order.rating_comment) == ("confirmed", 4, "很细心")
    event = OrderEvent.objects.get(order=order, event_type="confirmed")
    assert (event.actor_id, event.data) == (None, {"rating": 4, "via": "family_link"})
    assert "yy-family-done" in Client().get(url).content.decode()


def test_a_double_tap_confirms_once(visited):
    url = page(services.family_link_token(visited))
    Client().post(url, {"rating": "5"})
    again = Client().post(url, {"rating": "5"})
    assert again.status_code == 302
    assert OrderEvent.objects.filter(order=visited, event_type="confirmed").count() == 1


def test_a_low_rating_from_the_link_opens_a_case(visited):
    Client().post(page(services.family_link_token(visited)), {"rating": "1", "comment": "迟到"})
    case = ProviderCase.objects.get(order=visited)
    assert "迟到" in case.reason


@pytest.mark.parametrize(
    "token_case",
    [
        pytest.param("forged", id="forged_case"),
        pytest.param("other_salt", id="other_salt_case"),
        pytest.param("expired", id="expired_case"),
    ],
)
def test_a_bad_link_shows_why_and_changes_nothing(visited, clock, token_case):
    from django.core import signing

    token = services.family_link_token(visited)
    if token_case == "forged":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif token_case == "other_salt":
        token = signing.TimestampSigner(salt="elsewhere").sign_object({"order": visited.pk})
    else:
        clock.shift(timedelta(hours=49))  # past the policy's 48 hours
    answer = Client().post(page(token), {"rating": "5"})
    assert answer.status_code == 404
    assert "yy-link-problem" in answer.content.decode()
    order = ServiceOrder.objects.get(pk=visited.pk)
    assert (order.status, order.rating) == ("checked_out", None)


def test_a_visit_not_yet_done_cannot_be_confirmed_from_a_link(assigned):
    answer = Client().post(page(services.family_link_token(assigned)), {"rating": "5"})
    assert answer.status_code == 422
    assert 'class="alert alert-danger"' in answer.content.decode()  # the lifecycle's reason
    assert ServiceOrder.objects.get(pk=assigned.pk).status == "assigned"
    assert not OrderEvent.objects.filter(order=assigned, event_type="confirmed").exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param("caregiver", 403, id="caregiver_of_the_visit_case"),
        pytest.param("dispatcher", 403, id="provider_case"),
        pytest.param("other_street_worker", 404, id="other_street_case"),
        pytest.param("street_worker", 200, id="allowed_case"),
    ],
)
def test_only_who_may_confirm_gets_the_link(visited, request, who, status):
    answer = JsonClient(request.getfixturevalue(who)).get(
        f"/service-orders/{visited.pk}/family-link"
    )
    assert answer.status_code == status
    if status == 200:
        assert "/homecare/confirm/" in answer.json()["url"]


def complain(token: str, **changes):
    body = {"category": "late_or_no_show", "text": "迟到半小时", "complainant_name": "王女士"}
    return Client().post(reverse("homecare:family_complaint", args=[token]), body | changes)


def test_the_family_complains_from_the_link_and_the_manager_has_a_case(visited, case_policy):
    token = services.family_link_token(visited)
    answer = complain(token, phone="13987654321")
    assert answer.status_code == 302
    assert answer["Location"].endswith("?complained=1")
    case = ProviderCase.objects.get()
    complaint = case.complaint
    assert (case.source, case.order, case.region_id) == ("complaint", visited, "640302001001")
    assert (complaint.channel, complaint.complainant_kind, complaint.filed_by) == (
        "family_link",
        "family",
        None,
    )
    assert (complaint.complainant_name, complaint.phone) == ("王女士", "13987654321")
    assert list(case.events.values_list("event_type", "actor")) == [("opened", None)]
    assert "yy-family-complained" in Client().get(page(token) + "?complained=1").content.decode()


def test_a_double_tap_on_the_family_complaint_files_one(visited, case_policy):
    token = services.family_link_token(visited)
    complain(token)
    complain(token)
    assert ProviderCase.objects.count() == 1


def test_a_family_complaint_without_its_words_is_refused_on_the_page(visited, case_policy):
    answer = complain(services.family_link_token(visited), text="")
    assert answer.status_code == 422
    assert list(answer.context["complaint_form"].errors) == ["text"]
    assert ProviderCase.objects.count() == 0


def test_a_forged_link_files_no_complaint(visited, case_policy):
    token = services.family_link_token(visited)
    answer = complain(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert answer.status_code == 404
    assert ProviderCase.objects.count() == 0
