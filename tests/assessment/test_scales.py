"""Scale versions: shipped after migrate, versioned, confirmed, published, retired (issue 3)."""

from __future__ import annotations

import copy
from io import StringIO

import pytest
from django.core.management import call_command

from tests.assessment.scoring_answers import best
from yiyang.assessment.choices import ScaleStatus
from yiyang.assessment.errors import AssessmentError
from yiyang.assessment.models import Scale
from yiyang.assessment.scoring import ScoringError, score
from yiyang.assessment.services import scales
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ChangeRecord

GBT = "GB/T 42195-2022"
MZT = "MZ/T 039-2013"
LTC = "LTC-2021"


def rows():
    return list(Scale.objects.order_by("pk").values())


def test_migrate_ships_the_three_scales(db):
    shipped = {s.code: (s.version, s.status, s.is_verified) for s in Scale.objects.all()}
    assert shipped == {
        GBT: (1, ScaleStatus.PUBLISHED, True),
        MZT: (1, ScaleStatus.PUBLISHED, True),
        LTC: (1, ScaleStatus.DRAFT, False),
    }
    assert Scale.objects.get(code=LTC).source == ""
    assert set(Scale.objects.usable().values_list("code", flat=True)) == {GBT, MZT}


def test_a_flushed_database_gets_the_shipped_scales_back_and_a_used_one_is_left_alone(db):
    from yiyang.assessment.apps import seed_scales_if_empty

    # given a database without any scale (as after a flush, when post_migrate runs)
    shipped = {s.code: (s.version, s.status) for s in Scale.objects.all()}
    Scale.objects.all().delete()
    seed_scales_if_empty()
    # then the shipped scales are back as migrate left them
    assert {s.code: (s.version, s.status) for s in Scale.objects.all()} == shipped
    # and a database that holds any scale is not touched
    Scale.objects.exclude(code=GBT).delete()
    seed_scales_if_empty()
    assert list(Scale.objects.values_list("code", flat=True)) == [GBT]


def test_loading_again_creates_nothing(db):
    before = rows()
    assert scales.load_builtin_scales() == []
    assert rows() == before


def test_loading_creates_a_missing_scale_as_version_1(db):
    Scale.objects.filter(code=MZT).delete()
    created = scales.load_builtin_scales()
    assert [(s.code, s.version, s.status) for s in created] == [(MZT, 1, ScaleStatus.PUBLISHED)]
    assert ChangeRecord.objects.filter(action="load_scale").count() == 1


def test_load_scales_command(db):
    Scale.objects.filter(code=LTC).delete()
    out = StringIO()
    call_command("load_scales", stdout=out)
    assert out.getvalue().splitlines() == [
        "LTC-2021 v1 draft verified=False",
        "1 scales created",
    ]


def test_new_version_is_a_draft_and_leaves_the_published_one_alone(db, city_admin):
    published = scales.published_scale(GBT)
    definition = copy.deepcopy(published.definition)
    definition["rules"]["raises_stack"] = True

    draft = scales.new_scale_version(published, definition=definition, actor=city_admin)

    assert (draft.version, draft.status, draft.is_verified) == (2, ScaleStatus.DRAFT, True)
    published.refresh_from_db()
    assert published.status == ScaleStatus.PUBLISHED
    assert published.definition["rules"]["raises_stack"] is False
    assert scales.published_scale(GBT).pk == published.pk


def test_publishing_a_new_version_retires_the_old_one(db, city_admin):
    old = scales.published_scale(GBT)
    draft = scales.new_scale_version(old, definition=old.definition, actor=city_admin)

    scales.publish_scale_version(draft, actor=city_admin)

    old.refresh_from_db()
    assert old.status == ScaleStatus.RETIRED
    assert scales.published_scale(GBT).pk == draft.pk
    assert list(
        ChangeRecord.objects.filter(object_pk__in=[str(old.pk), str(draft.pk)])
        .order_by("pk")
        .values_list("action", "object_pk")
    ) == [
        ("new_scale_version", str(draft.pk)),
        ("retire_scale", str(old.pk)),
        ("publish_scale", str(draft.pk)),
    ]


def test_new_version_with_a_broken_definition_is_refused(db, city_admin):
    published = scales.published_scale(GBT)
    definition = copy.deepcopy(published.definition)
    definition["levels"][1]["min_total"] = 70  # totals 66–69 fall in no band
    before = rows()

    with pytest.raises(AssessmentError) as refused:
        scales.new_scale_version(published, definition=definition, actor=city_admin)

    assert (refused.value.code, refused.value.field) == ("scale_definition_invalid", "definition")
    assert rows() == before


def test_new_version_of_another_code_is_refused(db, city_admin):
    published = scales.published_scale(GBT)
    mzt = scales.published_scale(MZT)
    with pytest.raises(AssessmentError) as refused:
        scales.new_scale_version(published, definition=mzt.definition, actor=city_admin)
    assert refused.value.code == "scale_definition_invalid"


def test_street_worker_cannot_change_scales(db, street_worker):
    ltc = Scale.objects.get(code=LTC)
    gbt = scales.published_scale(GBT)
    before = rows()
    for call in (
        lambda: scales.confirm_scale(ltc, actor=street_worker, source="医保办发〔2021〕37号"),
        lambda: scales.publish_scale_version(ltc, actor=street_worker),
        lambda: scales.retire_scale(gbt, actor=street_worker),
        lambda: scales.new_scale_version(gbt, definition=gbt.definition, actor=street_worker),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    assert rows() == before
    assert ChangeRecord.objects.count() == 0


def test_unverified_scale_cannot_be_published(db, city_admin):
    ltc = Scale.objects.get(code=LTC)
    before = rows()
    with pytest.raises(AssessmentError) as refused:
        scales.publish_scale_version(ltc, actor=city_admin)
    assert refused.value.code == "scale_unverified"
    assert rows() == before


def test_confirming_needs_the_source_document(db, city_admin):
    ltc = Scale.objects.get(code=LTC)
    before = rows()
    with pytest.raises(AssessmentError) as refused:
        scales.confirm_scale(ltc, actor=city_admin, source="  ")
    assert (refused.value.code, refused.value.field) == ("required", "source")
    assert rows() == before


def test_administrator_confirms_then_publishes_the_ltc_scale(db, city_admin):
    ltc = Scale.objects.get(code=LTC)
    with pytest.raises(ScoringError):
        score(ltc.definition, best(ltc.definition))

    scales.confirm_scale(ltc, actor=city_admin, source="医保办发〔2021〕37号 附件")
    scales.publish_scale_version(ltc, actor=city_admin)

    ltc.refresh_from_db()
    assert (ltc.is_verified, ltc.verified_by, ltc.status) == (
        True,
        city_admin,
        ScaleStatus.PUBLISHED,
    )
    assert ltc.source == "医保办发〔2021〕37号 附件"
    assert ltc.definition["verified"] is True
    assert ltc.definition["confirmed"]["by"] == "city_admin"
    assert score(ltc.definition, best(ltc.definition)).dimensions == {"1": 100, "2": 16, "3": 12}
    record = ChangeRecord.objects.get(action="confirm_scale")
    assert record.changes["is_verified"] == [False, True]
    assert record.reason == "医保办发〔2021〕37号 附件"


def test_a_verified_scale_is_not_confirmed_again(db, city_admin):
    with pytest.raises(AssessmentError) as refused:
        scales.confirm_scale(scales.published_scale(GBT), actor=city_admin, source="x")
    assert refused.value.code == "scale_wrong_status"


def test_retired_scale_is_no_longer_published(db, city_admin):
    gbt = scales.published_scale(GBT)
    scales.retire_scale(gbt, actor=city_admin)
    with pytest.raises(AssessmentError) as refused:
        scales.published_scale(GBT)
    assert refused.value.code == "scale_unknown"
    with pytest.raises(AssessmentError):
        scales.retire_scale(gbt, actor=city_admin)


def test_publishing_a_published_version_is_refused(db, city_admin):
    with pytest.raises(AssessmentError) as refused:
        scales.publish_scale_version(scales.published_scale(GBT), actor=city_admin)
    assert refused.value.code == "scale_wrong_status"
