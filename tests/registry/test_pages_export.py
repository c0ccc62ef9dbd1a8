"""Excel export: the filtered set, masked by default; full numbers need a purpose and are logged."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1
from tests.registry.pages_helpers import client_for, elder_with
from yiyang.core.models import AccessRecord
from yiyang.registry import exports

EXPORT = reverse("registry:elder_export")


def _rows(response) -> list[list]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_holds_the_filtered_elders_masked(street_worker):
    elder = elder_with(COMMUNITY_A1, name="王桂英")
    elder_with(COMMUNITY_A1, name="李德明", sequence=26)
    elder_with(COMMUNITY_B1, name="王桂英", sequence=28)

    response = client_for(street_worker).post(EXPORT, {"q": "王桂英"})

    rows = _rows(response)
    assert response.status_code == 200
    assert len(rows) == 2
    assert rows[1][0] == "王桂英"
    assert rows[1][4:6] == [elder.id_number_masked, "139****5678"]
    assert rows[1][7:9] == ["胜利街道", "富平社区"]
    assert AccessRecord.objects.count() == 0


def test_export_with_full_numbers_and_purpose_writes_one_access_record(street_worker):
    elder = elder_with(COMMUNITY_A1, name="王桂英")
    elder_with(COMMUNITY_A1, name="王德明", sequence=26, male=True)

    response = client_for(street_worker).post(
        EXPORT, {"q": "王", "include_full_numbers": "on", "purpose": "高龄津贴核对"}
    )

    rows = _rows(response)
    assert [row[4] for row in rows[1:]].count(elder.id_number) == 1
    record = AccessRecord.objects.get()
    assert (record.actor, record.kind, record.row_count, record.purpose) == (
        street_worker,
        "export",
        2,
        "高龄津贴核对",
    )


def test_export_with_full_numbers_needs_a_purpose(street_worker):
    elder_with(COMMUNITY_A1, name="王桂英")

    response = client_for(street_worker).post(EXPORT, {"q": "王", "include_full_numbers": "on"})

    assert response.status_code == 302
    assert AccessRecord.objects.count() == 0


def test_export_full_numbers_refused_without_the_capability(community_worker, monkeypatch):
    # given a role that may export but not reveal
    monkeypatch.setattr(
        type(community_worker),
        "has_capability",
        lambda self, capability: capability != "core.reveal_personal",
    )
    elder_with(COMMUNITY_A1, name="王桂英")

    response = client_for(community_worker).post(
        EXPORT, {"q": "王", "include_full_numbers": "on", "purpose": "看看"}
    )

    assert response.status_code == 302
    assert AccessRecord.objects.count() == 0


def test_export_needs_a_search_or_filter(street_worker):
    elder_with(COMMUNITY_A1)

    response = client_for(street_worker).post(EXPORT, {})

    assert response.status_code == 302
    assert response["Location"] == reverse("registry:elder_list")


def test_export_over_the_cap_is_refused_with_a_message(street_worker, monkeypatch):
    monkeypatch.setattr("yiyang.registry.views.elders.EXPORT_MAX_ROWS", 1)
    elder_with(COMMUNITY_A1, name="王桂英")
    elder_with(COMMUNITY_A1, name="王德明", sequence=26)

    response = client_for(street_worker).post(EXPORT, {"q": "王"}, follow=True)

    expected = gettext(
        "{count} elders match; an export holds at most {limit}. Narrow the filters (for example by street) and export in parts."
    ).format(count=2, limit=1)
    assert [str(message) for message in response.context["messages"]] == [expected]
    assert response.redirect_chain[-1][1] == 302
    assert "page" in response.context


@pytest.mark.parametrize("method", ["get", "put"])
def test_export_only_answers_post(street_worker, method):
    response = getattr(client_for(street_worker), method)(EXPORT)

    assert response.status_code == 405


def test_export_rows_never_include_another_streets_elder(street_worker):
    elder_with(COMMUNITY_B1, name="王桂英")

    response = client_for(street_worker).post(EXPORT, {"q": "王桂英"})

    assert _rows(response)[1:] == []
    assert exports.EXPORT_MAX_ROWS == 50_000
