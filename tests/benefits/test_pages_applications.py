"""Application pages: the queue, applying for an elder, the steps by region level, refusal
with a reason, withdrawal, the bank account, and the benefits tab of the elder's profile."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1, STREET_A, _user
from tests.factories import make_elder
from yiyang.benefits.choices import ApplicationStatus
from yiyang.benefits.models import Application, BankAccount, Entitlement
from yiyang.benefits.services import apply_for_benefit
from yiyang.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder_a(regions):
    return make_elder(residence_region_id=COMMUNITY_A1, birth=date(1950, 1, 1), name="陈阿婆")


@pytest.fixture
def elder_b(regions):
    return make_elder(residence_region_id=COMMUNITY_B1, birth=date(1950, 1, 1), name="林阿公")


@pytest.fixture
def meal_application(programs, elder_a, community_worker):
    return apply_for_benefit(
        elder_a, program=programs["meal_subsidy"], applicant_kind="elder", actor=community_worker
    )


def test_clerk_applies_for_an_elder(client, programs, elder_a, street_worker):
    client.force_login(street_worker)
    url = reverse("benefits:application_create") + f"?elder={elder_a.pk}"
    page = client.get(url)
    offered = {p.code for p in page.context["form"].fields["program"].queryset}
    assert offered == {
        "care_service_subsidy",
        "care_service_hours",
        "nursing_subsidy",
        "meal_subsidy",
    }

    response = client.post(
        url,
        {
            "elder": elder_a.pk,
            "program": programs["meal_subsidy"].pk,
            "applicant_kind": "clerk",
            "applied_on": "2026-06-10",
        },
    )

    application = Application.objects.get()
    assert response["Location"] == reverse(
        "benefits:application_detail", kwargs={"pk": application.pk}
    )
    assert (application.elder_id, application.current_level) == (elder_a.pk, "community")


def test_applying_twice_says_so_beside_the_programme(client, meal_application, street_worker):
    client.force_login(street_worker)
    url = reverse("benefits:application_create") + f"?elder={meal_application.elder_id}"
    response = client.post(
        url,
        {
            "program": meal_application.program_id,
            "applicant_kind": "clerk",
            "applied_on": "2026-06-10",
        },
    )
    assert response.context["form"].errors["program"]
    assert Application.objects.count() == 1


def test_an_elder_of_another_street_cannot_be_applied_for(client, programs, elder_b, street_worker):
    client.force_login(street_worker)
    url = reverse("benefits:application_create") + f"?elder={elder_b.pk}"
    assert client.get(url).status_code == 404
    assert Application.objects.count() == 0


def test_steps_are_decided_by_the_matching_level_and_grant_the_entitlement(
    client, meal_application, community_worker, street_worker
):
    detail = reverse("benefits:application_detail", kwargs={"pk": meal_application.pk})
    decide = reverse("benefits:application_decide", kwargs={"pk": meal_application.pk})
    # the street may not decide the community's step
    client.force_login(street_worker)
    assert client.get(detail).context["may_decide"] is False
    assert client.post(decide, {"decision": "approve"}).status_code == 403

    client.force_login(community_worker)
    assert client.get(detail).context["may_decide"] is True
    client.post(decide, {"decision": "approve"})
    meal_application.refresh_from_db()
    assert meal_application.current_level == "street"

    client.force_login(street_worker)
    client.post(decide, {"decision": "approve", "reason": ""})
    meal_application.refresh_from_db()
    assert meal_application.status == ApplicationStatus.APPROVED
    page = client.get(detail)
    assert [s.level for s in page.context["steps"]] == ["community", "street"]
    assert Entitlement.objects.filter(elder=meal_application.elder).count() == 1


def test_a_refusal_needs_a_reason(client, meal_application, community_worker):
    client.force_login(community_worker)
    decide = reverse("benefits:application_decide", kwargs={"pk": meal_application.pk})

    refused = client.post(decide, {"decision": "refuse", "reason": ""})
    assert refused.status_code == 422
    assert refused.context["decide_form"].errors["reason"]
    meal_application.refresh_from_db()
    assert meal_application.status == ApplicationStatus.PENDING

    client.post(decide, {"decision": "refuse", "reason": "不在助餐点用餐"})
    meal_application.refresh_from_db()
    assert (meal_application.status, meal_application.refusal_reason) == (
        ApplicationStatus.REFUSED,
        "不在助餐点用餐",
    )


def test_withdrawal(client, meal_application, street_worker):
    client.force_login(street_worker)
    url = reverse("benefits:application_withdraw", kwargs={"pk": meal_application.pk})
    client.post(url, {"reason": "老人不需要了"})
    meal_application.refresh_from_db()
    assert meal_application.status == ApplicationStatus.WITHDRAWN


def test_queue_filters_by_step_and_hides_other_streets(
    client, programs, meal_application, elder_b, other_street_worker, street_worker
):
    apply_for_benefit(
        elder_b,
        program=programs["meal_subsidy"],
        applicant_kind="elder",
        actor=other_street_worker,
    )
    client.force_login(street_worker)
    url = reverse("benefits:application_list")
    assert [a.pk for a in client.get(url).context["page"].object_list] == [meal_application.pk]
    assert list(client.get(url, {"level": "street"}).context["page"].object_list) == []
    assert len(client.get(url, {"level": "community"}).context["page"].object_list) == 1
    other = Application.objects.exclude(pk=meal_application.pk).get()
    detail = reverse("benefits:application_detail", kwargs={"pk": other.pk})
    assert client.get(detail).status_code == 404


def test_bank_account_is_saved_and_shown_masked(client, programs, elder_a, street_worker):
    client.force_login(street_worker)
    url = reverse("benefits:bank_account", kwargs={"pk": elder_a.pk})
    bad = client.post(url, {"bank_name": "农行", "account_number": "12ab"})
    assert bad.context["form"].errors["account_number"]

    client.post(url, {"bank_name": "农行", "account_number": "6228 4800 1234 5678 901"})

    account = BankAccount.objects.get()
    assert account.account_number == "6228480012345678901"
    tab = client.get(reverse("benefits:elder_benefits", kwargs={"pk": elder_a.pk}))
    text = tab.content.decode()
    assert account.account_number_masked in text
    assert account.account_number not in text


def test_elder_profile_has_the_benefits_tab(client, meal_application, street_worker):
    client.force_login(street_worker)
    elder = meal_application.elder
    profile = client.get(reverse("registry:elder_detail", kwargs={"pk": elder.pk}))
    assert reverse("benefits:elder_benefits", kwargs={"pk": elder.pk}) in profile.content.decode()
    tab = client.get(reverse("benefits:elder_benefits", kwargs={"pk": elder.pk}))
    assert list(tab.context["applications"]) == [meal_application]
    assert 'id="yy-apply-benefit"' in tab.content.decode()


def test_a_caregiver_sees_no_benefit_page(client, programs, meal_application, regions):
    caregiver = _user("carer", Role.CAREGIVER, STREET_A)
    client.force_login(caregiver)
    assert client.get(reverse("benefits:application_list")).status_code == 403
    assert client.get(reverse("benefits:run_list")).status_code == 403
    assert client.get(reverse("benefits:program_list")).status_code == 403
