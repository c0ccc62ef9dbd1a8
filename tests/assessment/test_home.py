"""An assessor's landing page is the list of cases assigned to them."""

from django.urls import reverse


def test_assessor_lands_on_their_cases(client, assessor_one):
    client.force_login(assessor_one.user)

    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:my_assessments")


def test_street_worker_lands_on_the_home_page(client, street_worker):
    client.force_login(street_worker)

    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert b'id="yy-sidebar"' in response.content


def test_recently_done_lists_the_newest_first(
    client, gbt_scale, elder_a, assessor_one, assessor_two
):
    from datetime import UTC, datetime

    from yiyang.assessment.models import Assessment

    def done(day: int) -> Assessment:
        return Assessment.objects.create(
            elder=elder_a,
            scale=gbt_scale,
            reason="routine",
            request_source="community",
            status="final",
            lead_assessor=assessor_one,
            second_assessor=assessor_two,
            submitted_at=datetime(2026, 3, day, 9, tzinfo=UTC),
        )

    older, newer = done(1), done(20)
    client.force_login(assessor_one.user)

    response = client.get(reverse("assessment:my_assessments"))

    assert [case.pk for case in response.context["done"]] == [newer.pk, older.pk]
