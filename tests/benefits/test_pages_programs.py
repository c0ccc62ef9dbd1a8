"""Programme pages: list and detail for staff, rules in words, drafting, editing, publishing."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from yiyang.benefits.choices import VersionStatus
from yiyang.benefits.models import ProgramVersion

pytestmark = pytest.mark.django_db


def test_street_worker_lists_the_city_programmes(client, programs, street_worker):
    client.force_login(street_worker)
    response = client.get(reverse("benefits:program_list"))
    assert response.status_code == 200
    assert [row["program"].code for row in response.context["rows"]] == sorted(programs)


def test_detail_shows_the_rules_in_words_and_the_example_badge(client, programs, street_worker):
    client.force_login(street_worker)
    allowance = programs["longevity_allowance"]

    response = client.get(reverse("benefits:program_detail", kwargs={"pk": allowance.pk}))

    text = response.content.decode()
    (version, words), *_rest = response.context["versions"]
    assert [b["amount"] for b in words["brackets"]] == ["100.00", "500.00", "800.00"]
    assert words["cap"] == "800.00"
    assert version.is_example is True
    assert "80–89 岁" in text
    assert f"/benefits/versions/{version.pk}/simulate/" in text
    # a street worker sees no drafting form
    assert response.context["may_manage"] is False
    assert 'name="rules"' not in text


def test_a_programme_of_another_district_is_not_found(client, regions, other_district_clerk):
    from tests.conftest import DISTRICT
    from yiyang.benefits.services.defaults import install_default_programs

    install_default_programs(regions[DISTRICT])
    from yiyang.benefits.models import Program

    program = Program.objects.first()
    client.force_login(other_district_clerk)
    assert (
        client.get(reverse("benefits:program_detail", kwargs={"pk": program.pk})).status_code == 404
    )


def test_street_worker_may_not_draft(client, programs, street_worker):
    client.force_login(street_worker)
    allowance = programs["longevity_allowance"]
    before = ProgramVersion.objects.count()
    response = client.post(
        reverse("benefits:version_create", kwargs={"pk": allowance.pk}),
        {"effective_from": "2027-01", "rules": "{}", "note": ""},
    )
    assert response.status_code == 403
    assert ProgramVersion.objects.count() == before


def test_city_admin_drafts_edits_and_publishes_a_version(client, programs, city_admin):
    client.force_login(city_admin)
    allowance = programs["longevity_allowance"]
    rules = dict(allowance.versions.get().rules)
    rules["brackets"] = [{"label": "80+", "age_min": 80, "amount_fen": 20000}]

    created = client.post(
        reverse("benefits:version_create", kwargs={"pk": allowance.pk}),
        {"effective_from": "2026-09", "rules": json.dumps(rules), "note": "raise"},
    )

    draft = ProgramVersion.objects.get(program=allowance, status=VersionStatus.DRAFT)
    assert created.status_code == 302
    assert (draft.number, draft.effective_from.isoformat()) == (2, "2026-09-01")
    edit_url = reverse("benefits:version_update", kwargs={"pk": draft.pk})
    page = client.get(edit_url)
    assert page.context["words"]["brackets"][0]["amount"] == "200.00"

    rules["cap_fen"] = 20000
    client.post(edit_url, {"effective_from": "2026-10", "rules": json.dumps(rules), "note": ""})
    draft.refresh_from_db()
    assert (draft.rules["cap_fen"], draft.effective_from.isoformat()) == (20000, "2026-10-01")

    client.post(reverse("benefits:version_publish", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


def test_bad_rules_are_named_beside_the_rules_field(client, programs, city_admin):
    client.force_login(city_admin)
    allowance = programs["longevity_allowance"]
    url = reverse("benefits:version_create", kwargs={"pk": allowance.pk})
    before = ProgramVersion.objects.count()

    not_json = client.post(url, {"effective_from": "2026-09", "rules": "{brackets:", "note": ""})
    missing_amount = client.post(
        url,
        {
            "effective_from": "2026-09",
            "rules": json.dumps({"brackets": [{"label": "x"}]}),
            "note": "",
        },
    )

    assert not_json.status_code == 422
    assert not_json.context["form"].errors["rules"]
    errors = missing_amount.context["form"].errors["rules"]
    assert len(errors) == 1
    assert "brackets.0.amount_fen" in errors[0]
    assert ProgramVersion.objects.count() == before


def test_a_published_version_cannot_be_edited(client, programs, city_admin):
    client.force_login(city_admin)
    version = programs["meal_subsidy"].versions.get()
    url = reverse("benefits:version_update", kwargs={"pk": version.pk})
    response = client.post(
        url, {"effective_from": "2026-09", "rules": json.dumps(version.rules), "note": ""}
    )
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    version.refresh_from_db()
    assert version.effective_from.isoformat() == "2026-03-01"
