"""Scale pages: list, detail with the 待核实 banner, and the city administrator's actions."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from yiyang.assessment.choices import ScaleStatus
from yiyang.assessment.models import Scale
from yiyang.core.models import ChangeRecord


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ltc(db):
    return Scale.objects.get(code="LTC-2021")


@pytest.fixture
def gbt(db):
    return Scale.objects.get(code="GB/T 42195-2022")


def rows():
    return list(Scale.objects.order_by("pk").values())


def test_list_shows_every_version_with_status(street_worker):
    response = client_for(street_worker).get(reverse("assessment:scale_list"))
    assert response.status_code == 200
    text = response.content.decode()
    for code in ("GB/T 42195-2022", "MZ/T 039-2013", "LTC-2021"):
        assert code in text
    assert [code for code, _versions in response.context["groups"]] == [
        "GB/T 42195-2022",
        "LTC-2021",
        "MZ/T 039-2013",
    ]


def test_detail_shows_items_options_and_bands(street_worker, gbt):
    response = client_for(street_worker).get(reverse("assessment:scale_detail", args=[gbt.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="item-B.4.5"' in text
    assert "完全依赖他人协助进食，或吞咽困难，或留置营养管" in text
    assert "66–89" in text
    assert 'id="yy-to-verify"' not in text
    assert "scale_confirm" not in text  # no admin forms for a street worker
    assert response.context["item_count"] == 26


def test_unverified_scale_shows_the_banner_and_the_matrix(city_admin, ltc):
    response = client_for(city_admin).get(reverse("assessment:scale_detail", args=[ltc.pk]))
    text = response.content.decode()
    assert 'id="yy-to-verify"' in text
    assert len(response.context["matrix_rows"]) == 4
    assert reverse("assessment:scale_confirm", args=[ltc.pk]) in text


def test_mzt_detail_shows_the_fallback(street_worker):
    mzt = Scale.objects.get(code="MZ/T 039-2013")
    response = client_for(street_worker).get(reverse("assessment:scale_detail", args=[mzt.pk]))
    assert mzt.definition["rules"]["combination_fallback"]["text"] in response.content.decode()


def test_missing_scale_is_404(street_worker):
    response = client_for(street_worker).get(reverse("assessment:scale_detail", args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "action", ["scale_confirm", "scale_publish", "scale_retire", "scale_new_version"]
)
def test_street_worker_cannot_manage_scales(street_worker, ltc, action):
    before = rows()
    response = client_for(street_worker).post(
        reverse(f"assessment:{action}", args=[ltc.pk]), {"source": "x", "definition": "{}"}
    )
    assert response.status_code == 403
    assert rows() == before
    assert ChangeRecord.objects.count() == 0


def test_admin_confirms_then_publishes(city_admin, ltc):
    client = client_for(city_admin)
    response = client.post(
        reverse("assessment:scale_confirm", args=[ltc.pk]), {"source": "医保办发〔2021〕37号"}
    )
    assert response.status_code == 302
    response = client.post(reverse("assessment:scale_publish", args=[ltc.pk]))
    assert response.status_code == 302
    ltc.refresh_from_db()
    assert (ltc.is_verified, ltc.status, ltc.source) == (
        True,
        ScaleStatus.PUBLISHED,
        "医保办发〔2021〕37号",
    )


def test_confirm_without_source_is_refused(city_admin, ltc):
    before = rows()
    response = client_for(city_admin).post(
        reverse("assessment:scale_confirm", args=[ltc.pk]), {"source": ""}
    )
    assert response.status_code == 422
    assert response.context["confirm_form"].errors["source"]
    assert rows() == before


def test_new_version_from_the_page(city_admin, gbt):
    definition = dict(gbt.definition, name="老年人能力评估规范（本市）")
    response = client_for(city_admin).post(
        reverse("assessment:scale_new_version", args=[gbt.pk]),
        {"definition": json.dumps(definition, ensure_ascii=False)},
    )
    created = Scale.objects.get(code=gbt.code, version=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:scale_detail", args=[created.pk])
    assert (created.status, created.name) == (ScaleStatus.DRAFT, "老年人能力评估规范（本市）")


def test_new_version_with_bad_json_is_refused(city_admin, gbt):
    before = rows()
    response = client_for(city_admin).post(
        reverse("assessment:scale_new_version", args=[gbt.pk]), {"definition": "{not json"}
    )
    assert response.status_code == 422
    assert response.context["version_form"].errors["definition"]
    assert rows() == before


def test_anonymous_is_sent_to_log_in(db, gbt):
    response = Client().get(reverse("assessment:scale_detail", args=[gbt.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
