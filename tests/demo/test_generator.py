"""The demo city's generator: deterministic, prefix-stable, believable distributions."""

from collections import Counter
from pathlib import Path

from yiyang.core.validators.id_number import age_on, parse_id_number
from yiyang.demo.generator import REFERENCE_DATE, generate_elders
from yiyang.demo.places import DISTRICTS, csv_text

ELDERS = list(generate_elders(2000, seed=7))


def test_same_seed_gives_the_same_city_and_another_seed_another():
    again = list(generate_elders(2000, seed=7))
    other = list(generate_elders(50, seed=8))

    assert again == ELDERS
    assert [e.id_number for e in other] != [e.id_number for e in ELDERS[:50]]


def test_a_larger_city_begins_with_the_smaller_one():
    smaller = list(generate_elders(300, seed=7))

    assert smaller == ELDERS[:300]


def test_every_identity_number_is_valid_unique_and_of_the_residence_county():
    parsed = [parse_id_number(e.id_number, today=REFERENCE_DATE) for e in ELDERS]

    assert len({e.id_number for e in ELDERS}) == 2000
    assert all(p.value == e.id_number for p, e in zip(parsed, ELDERS, strict=True))
    assert all(e.id_number[:6] == e.residence_region_code[:6] for e in ELDERS)
    assert all(p.birth_date == e.birth_date for p, e in zip(parsed, ELDERS, strict=True))
    assert all(p.is_male == (e.gender == "male") for p, e in zip(parsed, ELDERS, strict=True))
    assert {e.id_number[:6] for e in ELDERS} == {d.code for d in DISTRICTS}


def test_distributions_are_roughly_those_of_wuzhong():
    ages = [age_on(e.birth_date, REFERENCE_DATE) for e in ELDERS]
    living = Counter(e.living_arrangement for e in ELDERS)
    held = Counter(c.category for e in ELDERS for c in e.categories)

    assert min(ages) >= 60
    assert 0.10 <= sum(age >= 80 for age in ages) / 2000 <= 0.25
    assert 0.24 <= sum(60 <= age <= 64 for age in ages) / 2000 <= 0.32
    assert 0.35 <= sum(e.ethnicity == "03" for e in ELDERS) / 2000 <= 0.65
    assert 0.48 <= sum(e.gender == "female" for e in ELDERS) / 2000 <= 0.60
    assert 0.11 <= living["alone"] / 2000 <= 0.19
    assert held["living_alone"] == living["alone"]
    assert 0.05 <= held["dibao"] / 2000 <= 0.11
    assert 0.75 <= sum(bool(e.contacts) for e in ELDERS) / 2000 <= 0.95
    assert 0.80 <= sum(bool(e.phone_primary) for e in ELDERS) / 2000 <= 0.95


def test_money_categories_cite_a_document_number():
    money = [c for e in ELDERS for c in e.categories if c.moves_money]

    assert money
    assert all(c.document_number.endswith("号") and "〔" in c.document_number for c in money)
    assert all(c.valid_from <= REFERENCE_DATE for e in ELDERS for c in e.categories)


def test_duplicates_are_planted_in_the_same_county():
    # Plants alternate: same name and birth date (the 2000th), same name and phone (the 4000th).
    elders = list(generate_elders(4000, seed=7))
    keys = Counter((e.name, e.birth_date, e.id_number[:6]) for e in elders)
    phones = Counter((e.name, e.phone_primary) for e in elders if e.phone_primary)

    assert sum(count > 1 for count in keys.values()) >= 1
    assert sum(count > 1 for count in phones.values()) >= 1


def test_addresses_read_like_real_ones():
    urban = next(e for e in ELDERS if e.residence_region_code.startswith("640302001"))
    village = next(e for e in ELDERS if e.address.endswith(" 号") and "组" in e.address)

    assert urban.address.startswith("利通区胜利街道")
    assert "号楼" in urban.address
    assert "单元" in urban.address
    assert "村" in village.address


def test_shipped_region_file_is_the_generated_tree():
    shipped = Path(__file__).parents[2] / "src/yiyang/demo/data/wuzhong_regions.csv"

    assert shipped.read_text(encoding="utf-8") == csv_text()
