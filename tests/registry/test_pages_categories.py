"""Categories through the pages: direct for ordinary ones, maker-checker for money-moving ones."""

from django.urls import reverse

from tests.conftest import COMMUNITY_A1, COMMUNITY_B1
from tests.registry.pages_helpers import client_for, elder_with
from yiyang.registry.models import CategoryChange, ElderCategory, TimelineEntry
from yiyang.registry.services import propose_category_change
from yiyang.registry.timeline import describe

QUEUE = reverse("registry:category_change_list")


def _propose(elder, actor):
    from datetime import date

    return propose_category_change(
        elder,
        kind="grant",
        category="dibao",
        effective_date=date(2026, 1, 1),
        source="街道低保审批表",
        document_number="利民〔2026〕12号",
        actor=actor,
    )


def test_ordinary_category_is_granted_directly(street_worker):
    elder = elder_with(COMMUNITY_A1)

    client_for(street_worker).post(
        reverse("registry:category_grant", args=[elder.pk]),
        {"category": "living_alone", "valid_from": "2026-01-01", "source": "入户走访"},
    )

    held = ElderCategory.objects.get(elder=elder)
    assert (held.category, held.created_by, held.approved_by) == (
        "living_alone",
        street_worker,
        None,
    )


def test_money_category_cannot_be_granted_directly(street_worker):
    elder = elder_with(COMMUNITY_A1)

    response = client_for(street_worker).post(
        reverse("registry:category_grant", args=[elder.pk]),
        {"category": "dibao", "valid_from": "2026-01-01", "source": "x"},
    )

    assert response.status_code == 200
    assert "category" in response.context["form"].errors
    assert ElderCategory.objects.count() == 0


def test_proposal_page_says_a_second_person_approves_and_needs_a_source(street_worker):
    elder = elder_with(COMMUNITY_A1)
    url = reverse("registry:category_propose", args=[elder.pk])
    client = client_for(street_worker)

    page = client.get(url)
    response = client.post(
        url, {"kind": "grant", "category": "dibao", "effective_date": "2026-01-01", "source": ""}
    )

    assert page.context["maker_checker"] is True
    assert "source" in response.context["form"].errors
    assert CategoryChange.objects.count() == 0


def test_proposer_sees_own_change_waiting_without_buttons(street_worker):
    change = _propose(elder_with(COMMUNITY_A1), street_worker)

    html = client_for(street_worker).get(QUEUE).content.decode()

    decide = reverse("registry:category_change_decide", args=[change.pk])
    assert list(client_for(street_worker).get(QUEUE).context["pending"]) == [change]
    assert decide not in html


def test_second_person_approves_and_both_names_are_kept(street_worker, second_street_worker):
    elder = elder_with(COMMUNITY_A1)
    change = _propose(elder, street_worker)
    client = client_for(second_street_worker)
    assert (
        reverse("registry:category_change_decide", args=[change.pk])
        in client.get(QUEUE).content.decode()
    )

    client.post(
        reverse("registry:category_change_decide", args=[change.pk]), {"decision": "approve"}
    )

    held = ElderCategory.objects.get(elder=elder)
    assert (held.category, held.created_by, held.approved_by) == (
        "dibao",
        street_worker,
        second_street_worker,
    )
    entry = TimelineEntry.objects.get(elder=elder, kind="registry.category_granted")
    assert entry.data["source"] == "街道低保审批表"
    profile = client.get(reverse("registry:elder_detail", args=[elder.pk])).content.decode()
    assert describe(entry) in profile
    assert "利民〔2026〕12号" in profile


def test_proposer_cannot_approve_own_change_by_posting(street_worker):
    change = _propose(elder_with(COMMUNITY_A1), street_worker)

    client_for(street_worker).post(
        reverse("registry:category_change_decide", args=[change.pk]), {"decision": "approve"}
    )

    change.refresh_from_db()
    assert change.status == "pending"
    assert ElderCategory.objects.count() == 0


def test_rejection_needs_a_reason(street_worker, second_street_worker):
    change = _propose(elder_with(COMMUNITY_A1), street_worker)
    url = reverse("registry:category_change_decide", args=[change.pk])
    client = client_for(second_street_worker)

    client.post(url, {"decision": "reject", "note": ""})
    change.refresh_from_db()
    assert change.status == "pending"

    client.post(url, {"decision": "reject", "note": "收入超标"})
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.decision_note) == (
        "rejected",
        second_street_worker,
        "收入超标",
    )


def test_queue_hides_and_refuses_other_streets_changes(street_worker, other_street_worker):
    change = _propose(elder_with(COMMUNITY_B1), other_street_worker)
    client = client_for(street_worker)

    queue = client.get(QUEUE)
    decided = client.post(
        reverse("registry:category_change_decide", args=[change.pk]), {"decision": "approve"}
    )

    assert list(queue.context["pending"]) == []
    assert decided.status_code == 404
    change.refresh_from_db()
    assert change.status == "pending"


def test_nav_badge_counts_changes_the_user_may_decide(street_worker, second_street_worker):
    _propose(elder_with(COMMUNITY_A1), street_worker)

    proposer_page = client_for(street_worker).get(reverse("core:home"))
    checker_page = client_for(second_street_worker).get(reverse("core:home"))

    assert "badge rounded-pill text-bg-danger ms-auto" not in proposer_page.content.decode()
    assert 'text-bg-danger ms-auto" title=' in checker_page.content.decode()
