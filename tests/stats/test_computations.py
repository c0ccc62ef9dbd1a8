"""Computations count numerator and denominator per region in one grouped query."""

from datetime import date

from tests.stats.conftest import TODAY
from yiyang.registry.models import ElderCategory
from yiyang.stats.computations import COMPUTATIONS, compute


def test_elders_are_counted_at_every_level(elders, django_assert_num_queries):
    # when the elders are counted by district (6 digits) and by community (12 digits)
    with django_assert_num_queries(1):
        districts = compute("elders_total", within="", prefix_length=6, on=TODAY)
    communities = compute("elders_total", within="640302", prefix_length=12, on=TODAY)

    # then each region has its count, and `within` keeps other districts out
    assert districts == {"640302": (6, None), "640381": (1, None)}
    assert communities == {
        "640302001001": (3, None),
        "640302001002": (1, None),
        "640302002001": (2, None),
    }


def test_advanced_age_counts_those_eighty_on_the_day(elders):
    # 明珠's elder turns 80 on 15 June 2026: counted that day, not the day before
    on_birthday = compute("advanced_age_share", within="640302001", prefix_length=12, on=TODAY)
    day_before = compute(
        "advanced_age_share", within="640302001", prefix_length=12, on=date(2026, 6, 14)
    )
    assert on_birthday == {"640302001001": (1, 3), "640302001002": (1, 1)}
    assert day_before == {"640302001001": (1, 3), "640302001002": (0, 1)}


def test_disabled_and_assessed_count_only_valid_assessments(elders):
    # the level-3 result lapsed yesterday: only the level-2 elder counts
    assert compute("disabled_share", within="640302001", prefix_length=9, on=TODAY) == {
        "640302001": (1, 4)
    }
    assert compute("assessed_share", within="640302001", prefix_length=9, on=TODAY) == {
        "640302001": (1, 4)
    }
    assert compute("living_alone_share", within="640302001", prefix_length=9, on=TODAY) == {
        "640302001": (1, 4)
    }


def test_extreme_poverty_counts_a_category_valid_on_the_day(elders):
    # given one elder holding 特困 from 1 June 2026, another whose 特困 ended in May
    ElderCategory.objects.create(
        elder=elders["a1_old"],
        category="extreme_poverty",
        valid_from=date(2026, 6, 1),
        source="批复",
    )
    ElderCategory.objects.create(
        elder=elders["a2"],
        category="extreme_poverty",
        valid_from=date(2025, 1, 1),
        valid_to=date(2026, 5, 31),
        source="批复",
    )

    # then June counts one, and May counts the other
    assert compute("extreme_poverty_elders", within="640302", prefix_length=6, on=TODAY) == {
        "640302": (1, None)
    }
    assert compute(
        "extreme_poverty_elders", within="640302", prefix_length=6, on=date(2026, 5, 15)
    ) == {"640302": (1, None)}
    assert compute(
        "extreme_poverty_elders", within="640302001002", prefix_length=12, on=date(2026, 5, 15)
    ) == {"640302001002": (1, None)}


def test_every_computed_indicator_names_a_registered_computation(db):
    from yiyang.stats.models import Indicator

    named = set(Indicator.objects.exclude(computation="").values_list("computation", flat=True))
    assert named
    assert named <= set(COMPUTATIONS)


def test_every_module_figure_is_the_computation_of_its_indicator(db):
    from yiyang.stats.computations.modules import REGISTERED
    from yiyang.stats.models import Indicator

    computed = dict(Indicator.objects.exclude(computation="").values_list("code", "computation"))
    for name in REGISTERED:
        assert computed[name] == name
    # and the figures that stay manual are those the platform cannot know yet
    assert "social_worker_ratio" not in computed
    assert "monthly_visit_rate" not in computed
