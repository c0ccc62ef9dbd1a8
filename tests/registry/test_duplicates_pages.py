"""Possible-duplicate pages: scoped list, side-by-side comparison with masked numbers, decisions."""

from datetime import date

from django.urls import reverse

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1
from tests.factories import make_elder
from yiyang.core.models import ChangeRecord
from yiyang.registry.models import DuplicateCandidate
from yiyang.registry.services.duplicates import find_duplicates

BIRTH = date(1945, 3, 8)


def _pair(second=COMMUNITY_A2):
    a = make_elder(residence_region_id=COMMUNITY_A1, name="马秀兰", birth=BIRTH)
    b = make_elder(residence_region_id=second, name="马秀兰", birth=BIRTH)
    find_duplicates()
    return a, b, DuplicateCandidate.objects.get()


def test_list_shows_pairs_of_the_users_street_with_masked_numbers(client, street_worker):
    a, _b, candidate = _pair()
    client.force_login(street_worker)

    page = client.get(reverse("registry:duplicate_list")).content.decode()

    assert reverse("registry:duplicate_detail", args=[candidate.pk]) in page
    assert a.id_number_masked in page
    assert a.id_number not in page


def test_other_street_sees_no_pair_and_gets_404(client, other_street_worker):
    _a, _b, candidate = _pair()
    client.force_login(other_street_worker)

    listing = client.get(reverse("registry:duplicate_list")).content.decode()
    detail = client.get(reverse("registry:duplicate_detail", args=[candidate.pk]))
    post = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]), {"action": "merge_into_a"}
    )

    assert reverse("registry:duplicate_detail", args=[candidate.pk]) not in listing
    assert "马秀兰" not in listing
    assert (detail.status_code, post.status_code) == (404, 404)
    candidate.refresh_from_db()
    assert candidate.status == "open"


def test_a_pair_half_in_another_street_is_not_shown(client, street_worker):
    _a, _b, candidate = _pair(second=COMMUNITY_B1)
    client.force_login(street_worker)

    detail = client.get(reverse("registry:duplicate_detail", args=[candidate.pk]))

    assert detail.status_code == 404


def test_comparison_shows_both_records_side_by_side(client, street_worker):
    a, b, candidate = _pair()
    client.force_login(street_worker)

    page = client.get(reverse("registry:duplicate_detail", args=[candidate.pk])).content.decode()

    assert a.id_number_masked in page
    assert b.id_number_masked in page
    assert a.id_number not in page
    assert 'value="merge_into_a"' in page
    assert 'value="dismiss"' in page


def test_merge_button_keeps_record_b(client, street_worker):
    a, b, candidate = _pair()
    client.force_login(street_worker)

    response = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]),
        {"action": "merge_into_b", "note": "同一人"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("registry:elder_detail", args=[b.pk])
    a.refresh_from_db()
    candidate.refresh_from_db()
    assert (a.status, a.merged_into_id, candidate.status) == ("merged", b.pk, "merged")


def test_not_the_same_person_without_a_note_changes_nothing(client, street_worker):
    _a, _b, candidate = _pair()
    client.force_login(street_worker)

    response = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]),
        {"action": "dismiss"},
        follow=True,
    )

    assert "alert-danger" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == "open"
    assert not ChangeRecord.objects.filter(action="decide_duplicate").exists()


def test_check_button_looks_in_the_users_region(client, street_worker):
    make_elder(residence_region_id=COMMUNITY_A1, name="丁桂英", birth=BIRTH)
    make_elder(residence_region_id=COMMUNITY_A2, name="丁桂英", birth=BIRTH)
    client.force_login(street_worker)

    response = client.post(reverse("registry:duplicate_list"))

    assert response.status_code == 302
    assert DuplicateCandidate.objects.count() == 1


def test_community_worker_sees_no_pairs(client, community_worker):
    _a, _b, candidate = _pair(second=COMMUNITY_A1)
    client.force_login(community_worker)

    detail = client.get(reverse("registry:duplicate_detail", args=[candidate.pk]))

    assert detail.status_code == 404
