"""Settlements over HTTP: the provider prepares March, the bureau approves, both download."""

from __future__ import annotations

from io import BytesIO

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import JsonClient
from yiyang.homecare.models import Settlement


@pytest.mark.urls("tests.api.urls")
def test_prepare_approve_and_download_through_the_api(
    month,
    provider,
    dispatcher,
    district_clerk,
    street_worker,
    django_assert_num_queries,
):
    created = JsonClient(dispatcher).post(
        "/settlements/", {"provider_pk": provider.pk, "month": "2026-03-15"}
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["visit_count"], body["payable_fen"], len(body["lines"])) == (2, 7200, 3)
    pk = body["pk"]
    # a street clerk does not see a district's provider; its own staff may not approve
    assert JsonClient(street_worker).post(f"/settlements/{pk}/approve").status_code == 404
    assert JsonClient(dispatcher).post(f"/settlements/{pk}/approve").status_code == 403
    approved = JsonClient(district_clerk).post(f"/settlements/{pk}/approve")
    assert approved.json()["status"] == "approved"
    client = JsonClient(dispatcher)
    with django_assert_num_queries(4):  # session, user, count, page
        assert client.get("/settlements/").json()["count"] == 1
    statement = client.get(f"/settlements/{pk}/statement")
    rows = list(
        openpyxl.load_workbook(BytesIO(statement.content)).active.iter_rows(values_only=True)
    )
    assert rows[6][1] == "72.00"


def test_settlement_pages(month, provider, dispatcher, district_clerk):
    provider_page = Client()
    provider_page.force_login(dispatcher)
    response = provider_page.post(reverse("homecare:settlement_prepare"), {"month": "2026-03"})
    settlement = Settlement.objects.get()
    assert response.url == reverse("homecare:settlement_detail", args=[settlement.pk])
    bureau = Client()
    bureau.force_login(district_clerk)
    detail = bureau.get(reverse("homecare:settlement_detail", args=[settlement.pk]))
    assert detail.context["totals"] == ("80.00", "8.00", "72.00", "0.00")  # no voucher
    assert detail.context["can_approve"] is True
    bureau.post(reverse("homecare:settlement_approve", args=[settlement.pk]))
    settlement.refresh_from_db()
    assert settlement.status == "approved"
    download = bureau.get(reverse("homecare:settlement_statement", args=[settlement.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
