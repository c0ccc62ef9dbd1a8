"""Writing the demo city: regions from the shipped file, elders once, demo accounts."""

from django.contrib.auth import authenticate
from django.core.management import call_command

from yiyang.core.models import ChangeRecord, Region, User
from yiyang.demo.accounts import DEMO_PASSWORD
from yiyang.demo.generator import generate_elders
from yiyang.demo.loader import REGIONS_CSV, load_demo_city
from yiyang.registry.models import Contact, DuplicateCandidate, Elder, ElderCategory


def _rows():
    return list(
        Elder.objects.order_by("id_number").values_list(
            "name", "id_number", "birth_date", "residence_region_id", "address", "phone_primary"
        )
    )


def test_loads_the_generated_elders_with_their_categories_and_contacts(db):
    records = list(generate_elders(120, seed=5))

    result = load_demo_city(120, seed=5)

    assert result.elders_created == Elder.objects.count() == 120
    assert Region.objects.count() == 280
    assert Region.objects.get(code="640302001001").name == "富平社区"
    assert _rows() == [
        (r.name, r.id_number, r.birth_date, r.residence_region_code, r.address, r.phone_primary)
        for r in sorted(records, key=lambda r: r.id_number)
    ]
    assert ElderCategory.objects.count() == sum(len(r.categories) for r in records)
    assert Contact.objects.count() == sum(len(r.contacts) for r in records)
    money = ElderCategory.objects.filter(category="dibao")
    assert all(held.approved_by.username == "shenhe" for held in money)
    assert (
        ChangeRecord.objects.filter(action="demo_city", object_repr__endswith="elders").count() == 1
    )


def test_rerun_adds_nothing_and_a_larger_city_adds_only_the_missing(db):
    load_demo_city(100, seed=5)
    before = _rows()

    again = load_demo_city(100, seed=5)
    assert (again.elders_created, again.elders_skipped, again.regions_created) == (0, 100, 0)
    assert _rows() == before
    assert (
        ChangeRecord.objects.filter(action="demo_city", object_repr__endswith="elders").count() == 1
    )

    larger = load_demo_city(130, seed=5)
    assert (larger.elders_created, larger.elders_skipped) == (30, 100)
    assert Elder.objects.count() == 130


def test_demo_city_command_finds_the_planted_duplicates(db):
    call_command("demo_city", "--elders", "2000", "--seed", "7", verbosity=0)

    planted = DuplicateCandidate.objects.filter(reason="name_birth_date_district")
    assert planted.count() >= 1
    assert all(c.elder_a.name == c.elder_b.name for c in planted)
    assert all(c.elder_a.id_number[:6] == c.elder_b.id_number[:6] for c in planted)


def test_demo_admin_creates_the_accounts_once_and_resets_the_password(db, settings):
    # A fast hasher: this test is about the accounts, not about key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_admin", verbosity=0)
    admin = User.objects.get(username="admin")
    admin.set_password("changed-by-someone")
    admin.save()

    call_command("demo_admin", verbosity=0)

    assert (
        User.objects.filter(
            username__in=["admin", "litong", "shengli", "shengli2", "fuping"]
        ).count()
        == 5
    )
    admin = User.objects.get(username="admin")
    assert (admin.role, admin.region_id, admin.is_superuser) == (
        "city_admin",
        "640300000000",
        False,
    )
    assert authenticate(username="admin", password=DEMO_PASSWORD) == admin
    assert User.objects.get(username="shengli2").region_id == "640302001000"


def test_shipped_region_file_loads_with_import_regions(db, capsys):
    call_command("import_regions", str(REGIONS_CSV))

    assert capsys.readouterr().out.strip() == "created 280, updated 0, unchanged 0"
    assert Region.objects.get(code="640381104001").name == "时坊村"
