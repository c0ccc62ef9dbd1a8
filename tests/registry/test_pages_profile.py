"""The elder profile and the reveal of full numbers; other streets' elders give 404 everywhere."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1
from tests.registry.pages_helpers import client_for, elder_with
from yiyang.core.models import AccessRecord
from yiyang.registry import timeline
from yiyang.registry.models import RecentView, TimelineEntry
from yiyang.registry.services import add_timeline_entry
from yiyang.registry.timeline import describe, register_kind


def test_profile_shows_masked_numbers_and_notes_the_view(street_worker):
    elder = elder_with(COMMUNITY_A1, name="王桂英")

    response = client_for(street_worker).get(reverse("registry:elder_detail", args=[elder.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert elder.id_number_masked in html
    assert elder.id_number not in html
    assert "13912345678" not in html
    assert RecentView.objects.filter(user=street_worker, elder=elder).count() == 1
    assert AccessRecord.objects.count() == 0


def test_profile_timeline_reads_as_sentences(street_worker):
    elder = elder_with(COMMUNITY_A1, name="王桂英")
    add_timeline_entry(
        elder,
        kind="registry.category_granted",
        actor=street_worker,
        data={
            "category": "living_alone",
            "valid_from": "2026-01-05",
            "source": "社区走访",
            "document_number": "",
            "approved_by": "",
        },
    )

    response = client_for(street_worker).get(reverse("registry:elder_detail", args=[elder.pk]))

    entry = TimelineEntry.objects.get(elder=elder)
    assert response.context["timeline"] == [(entry, describe(entry))]
    assert describe(entry) in response.content.decode()


def test_later_modules_can_register_timeline_kinds(street_worker, monkeypatch):
    monkeypatch.setattr(timeline, "_formatters", dict(timeline._formatters))
    elder = elder_with(COMMUNITY_A1)
    entry = add_timeline_entry(elder, kind="tests.visited", data={"by": "李护理员"})

    assert describe(entry) == gettext("Event “{kind}”.").format(kind="tests.visited")
    register_kind("tests.visited", lambda item: "Visited by " + item.data["by"])
    assert describe(entry) == "Visited by 李护理员"


def test_reveal_shows_the_number_and_records_the_access(street_worker):
    elder = elder_with(COMMUNITY_A1)
    url = reverse("registry:elder_reveal", args=[elder.pk])

    response = client_for(street_worker).post(
        url, {"field": "id_number", "purpose": "核对低保申请"}, HTTP_HX_REQUEST="true"
    )

    assert elder.id_number in response.content.decode()
    record = AccessRecord.objects.get()
    assert (record.actor, record.kind, record.object_pk) == (street_worker, "view", str(elder.pk))
    assert (record.fields, record.purpose) == (["id_number"], "核对低保申请")


def test_reveal_without_purpose_shows_nothing_and_records_nothing(street_worker):
    elder = elder_with(COMMUNITY_A1)

    response = client_for(street_worker).post(
        reverse("registry:elder_reveal", args=[elder.pk]), {"field": "id_number", "purpose": ""}
    )

    assert elder.id_number not in response.content.decode()
    assert AccessRecord.objects.count() == 0


def test_reveal_is_refused_without_the_capability(caregiver):
    elder = elder_with(COMMUNITY_A1)

    response = client_for(caregiver).post(
        reverse("registry:elder_reveal", args=[elder.pk]),
        {"field": "id_number", "purpose": "看看"},
    )

    assert response.status_code == 404
    assert AccessRecord.objects.count() == 0


ELDER_PAGES = [
    ("registry:elder_detail", "get"),
    ("registry:elder_update", "get"),
    ("registry:elder_update", "post"),
    ("registry:elder_reveal", "post"),
    ("registry:elder_death", "get"),
    ("registry:elder_death", "post"),
    ("registry:elder_move_out", "post"),
    ("registry:elder_contacts", "get"),
    ("registry:elder_contacts", "post"),
    ("registry:category_grant", "post"),
    ("registry:category_propose", "get"),
    ("registry:category_propose", "post"),
]


@pytest.mark.parametrize(("name", "method"), ELDER_PAGES)
def test_elder_of_another_street_gives_404_on_every_page(street_worker, name, method):
    # given an elder of street B
    elder = elder_with(COMMUNITY_B1, name="王桂英")
    client = client_for(street_worker)
    # when a street-A clerk opens or posts to any of its pages
    response = getattr(client, method)(reverse(name, args=[elder.pk]), {"purpose": "x"})
    # then
    assert response.status_code == 404
    assert AccessRecord.objects.count() == 0
    assert RecentView.objects.count() == 0
    assert TimelineEntry.objects.count() == 0


def test_profile_query_count_is_bounded(street_worker, django_assert_max_num_queries):
    elder = elder_with(COMMUNITY_A1)
    client = client_for(street_worker)
    url = reverse("registry:elder_detail", args=[elder.pk])
    client.get(url)
    for index in range(10):
        add_timeline_entry(elder, kind="registry.updated", data={"fields": ["address"]})
        elder.contacts.create(
            kind="guardian", name=f"子女{index}", relation="child", phone="13800000000"
        )

    with django_assert_max_num_queries(25):
        client.get(url)
