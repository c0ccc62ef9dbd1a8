"""Create and edit forms: the same checks as API and import, Chinese errors, nothing half-saved."""

from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1
from tests.factories import make_id_number
from tests.registry.pages_helpers import client_for, elder_with
from yiyang.core.models import ChangeRecord
from yiyang.registry.models import Contact, Elder

CREATE = reverse("registry:elder_create")


def _post(**overrides):
    return {
        "name": "马秀英",
        "id_number": make_id_number(date(1944, 6, 1), male=False, sequence=40),
        "ethnicity": "03",
        "phone_primary": "13712345678",
        "residence_region": COMMUNITY_A1,
        "living_arrangement": "alone",
    } | overrides


def _chinese(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def test_create_saves_the_elder_and_opens_the_profile(street_worker):
    response = client_for(street_worker).post(CREATE, _post())

    elder = Elder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:elder_detail", args=[elder.pk])
    assert (elder.name, elder.gender, elder.residence_region_id) == (
        "马秀英",
        "female",
        COMMUNITY_A1,
    )
    assert ChangeRecord.objects.filter(action="create", object_pk=str(elder.pk)).count() == 1


def test_create_with_wrong_check_character_shows_the_chinese_error_and_saves_nothing(street_worker):
    # given a number whose last character is mistyped
    good = make_id_number(date(1944, 6, 1), male=False, sequence=40)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    client = client_for(street_worker)
    # when
    response = client.post(CREATE, _post(id_number=bad), HTTP_ACCEPT_LANGUAGE="zh-hans")
    # then
    english = "The check character is wrong: the number has a typing error (the last character would be {expected})."
    message = _chinese(english).format(expected=good[17])
    assert message != english.format(expected=good[17])  # the page speaks Chinese
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors["id_number"] == [message]
    assert Elder.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_create_names_every_wrong_field_in_chinese(street_worker):
    client = client_for(street_worker)

    response = client.post(
        CREATE,
        _post(name="", phone_primary="12345", residence_region=""),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    errors = response.context["form"].errors
    assert errors["name"] == [_chinese("Enter the name.")]
    assert errors["residence_region"] == [_chinese("Enter the community the elder lives in.")]
    assert list(errors) == ["name", "phone_primary", "residence_region"]
    assert _chinese("Enter the name.") != "Enter the name."
    assert Elder.objects.count() == 0


def test_create_refuses_a_community_of_another_street(street_worker):
    response = client_for(street_worker).post(CREATE, _post(residence_region=COMMUNITY_B1))

    assert "residence_region" in response.context["form"].errors
    assert Elder.objects.count() == 0


def test_create_refuses_a_second_elder_with_the_same_number(street_worker):
    existing = elder_with(COMMUNITY_A1)

    response = client_for(street_worker).post(CREATE, _post(id_number=existing.id_number))

    assert response.context["form"].errors["id_number"] == [
        _chinese("An elder with this identity number is already in the registry.")
    ]
    assert Elder.objects.count() == 1


def test_region_picker_offers_only_the_users_communities(street_worker):
    response = client_for(street_worker).get(CREATE)

    html = response.content.decode()
    assert f'value="{COMMUNITY_A1}"' in html
    assert f'value="{COMMUNITY_A2}"' in html
    assert COMMUNITY_B1 not in html


def test_edit_writes_a_change_record_and_keeps_numbers_left_empty(street_worker):
    elder = elder_with(COMMUNITY_A1, name="王桂英")
    url = reverse("registry:elder_update", args=[elder.pk])
    client = client_for(street_worker)

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "王桂英",
            "id_number": "",
            "phone_primary": "",
            "residence_region": COMMUNITY_A2,
            "address": "明珠路8号",
            "living_arrangement": "alone",
            "reason": "搬家",
        },
    )

    assert elder.id_number not in page
    assert response.status_code == 302
    elder.refresh_from_db()
    assert (elder.residence_region_id, elder.address) == (COMMUNITY_A2, "明珠路8号")
    assert elder.phone_primary == "13912345678"
    record = ChangeRecord.objects.get(action="update", object_pk=str(elder.pk))
    assert set(record.changes) == {"residence_region", "address", "living_arrangement"}
    assert (record.actor, record.reason) == (street_worker, "搬家")


def test_record_death_needs_a_date_not_in_the_future(street_worker):
    elder = elder_with(COMMUNITY_A1)
    url = reverse("registry:elder_death", args=[elder.pk])

    response = client_for(street_worker).post(
        url, {"date_of_death": "2999-01-01", "source": "死亡证明"}
    )

    assert response.context["form"].errors["date_of_death"] == [
        _chinese("The date of death cannot be in the future.")
    ]
    elder.refresh_from_db()
    assert (elder.status, elder.date_of_death) == ("active", None)


def test_record_death_marks_the_elder_deceased(street_worker):
    elder = elder_with(COMMUNITY_A1)

    client_for(street_worker).post(
        reverse("registry:elder_death", args=[elder.pk]),
        {"date_of_death": "2026-01-02", "source": "死亡医学证明"},
    )

    elder.refresh_from_db()
    assert (elder.status, elder.date_of_death) == ("deceased", date(2026, 1, 2))


def _contacts(rows, initial=0):
    data = {
        "contacts-TOTAL_FORMS": str(len(rows)),
        "contacts-INITIAL_FORMS": str(initial),
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
    }
    for index, row in enumerate(rows):
        data |= {f"contacts-{index}-{key}": value for key, value in row.items()}
    return data


def test_contacts_are_saved_and_a_masked_phone_keeps_the_stored_number(street_worker):
    elder = elder_with(COMMUNITY_A1)
    url = reverse("registry:elder_contacts", args=[elder.pk])
    client = client_for(street_worker)
    row = {"kind": "guardian", "name": "马强", "relation": "child", "phone": "13600001111"}
    client.post(url, _contacts([row]))

    page = client.get(url).content.decode()
    client.post(
        url,
        _contacts(
            [
                row | {"phone": "136****1111"},
                {
                    "kind": "emergency_contact",
                    "name": "邻居",
                    "relation": "neighbour",
                    "phone": "0953-2345678",
                },
            ],
            initial=1,
        ),
    )

    assert "13600001111" not in page
    assert list(Contact.objects.values_list("name", "phone", "priority")) == [
        ("马强", "13600001111", 1),
        ("邻居", "0953-2345678", 2),
    ]


def test_contact_with_a_wrong_phone_saves_nothing(street_worker):
    elder = elder_with(COMMUNITY_A1)

    response = client_for(street_worker).post(
        reverse("registry:elder_contacts", args=[elder.pk]),
        _contacts([{"kind": "guardian", "name": "马强", "relation": "child", "phone": "123"}]),
    )

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["phone"]
    assert Contact.objects.count() == 0
