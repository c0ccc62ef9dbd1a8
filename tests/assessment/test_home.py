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
