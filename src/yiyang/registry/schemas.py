"""Schemas of the registry API (STYLE.md B6): `<Model>In`, `<Model>Out`, `<Model>Patch`, `<Model>Filter`.

Outputs carry masked identity and phone numbers only; the unmasked values come from the reveal
endpoint, which writes an AccessRecord.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from yiyang.core.validators.phone import mask_phone
from yiyang.registry.models import CategoryChange, Contact, Elder, ElderCategory, TimelineEntry

# --- elders -------------------------------------------------------------------------------------


class ElderFilter(Schema):
    """Query parameters of the elder list; every one is optional and they combine with AND."""

    q: str = Field("", description="Name, pinyin initials, identity number (or its end) or phone.")
    region: str = Field("", description="A region code: elders living in it or below it.")
    category: str = Field(
        "", description="A category value (dibao, extreme_poverty …) or advanced_age."
    )
    age_min: int | None = Field(None, ge=0, le=150)
    age_max: int | None = Field(None, ge=0, le=150)
    gender: Literal["", "male", "female"] = ""
    status: Literal["", "active", "moved_out", "deceased", "merged"] = ""
    living_arrangement: Literal["", "alone", "empty_nest", "with_children", "other"] = ""


class ElderOut(Schema):
    """One row of the elder list (masked)."""

    pk: int
    name: str
    gender: str
    birth_date: date
    age: int
    id_number_masked: str
    phone_masked: str
    residence_region_code: str
    residence_region_name: str
    living_arrangement: str
    status: str

    @staticmethod
    def resolve_age(elder: Elder) -> int:
        return elder.age()

    @staticmethod
    def resolve_residence_region_code(elder: Elder) -> str:
        return elder.residence_region_id

    @staticmethod
    def resolve_residence_region_name(elder: Elder) -> str:
        return elder.residence_region.name


class ElderCategoryOut(Schema):
    category: str
    label: str
    valid_from: date
    valid_to: date | None
    source: str
    document_number: str

    @staticmethod
    def resolve_label(held: ElderCategory) -> str:
        return str(held.get_category_display())


class ContactOut(Schema):
    kind: str
    name: str
    relation: str
    phone_masked: str
    priority: int

    @staticmethod
    def resolve_phone_masked(contact: Contact) -> str:
        return mask_phone(contact.phone) if contact.phone else ""


class ElderDetailOut(ElderOut):
    """The profile of one elder (masked), with categories held (with periods) and contacts."""

    ethnicity: str
    phone_secondary_masked: str
    address: str
    hukou_region_code: str | None
    hukou_address: str
    latitude: Decimal | None
    longitude: Decimal | None
    date_of_death: date | None
    moved_out_on: date | None
    derived_categories: list[str]
    categories: list[ElderCategoryOut]
    contacts: list[ContactOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_phone_secondary_masked(elder: Elder) -> str:
        return mask_phone(elder.phone_secondary) if elder.phone_secondary else ""

    @staticmethod
    def resolve_hukou_region_code(elder: Elder) -> str | None:
        return elder.hukou_region_id

    @staticmethod
    def resolve_derived_categories(elder: Elder) -> list[str]:
        return ["advanced_age"] if elder.age() >= 80 else []

    @staticmethod
    def resolve_categories(elder: Elder) -> list[ElderCategory]:
        return list(elder.categories.all())

    @staticmethod
    def resolve_contacts(elder: Elder) -> list[Contact]:
        return list(elder.contacts.all())


class ElderIn(Schema):
    """Raw fields of a new elder, checked by `check_elder_fields` like a form or an import row."""

    name: str = ""
    id_number: str = ""
    ethnicity: str = ""
    phone_primary: str = ""
    phone_secondary: str = ""
    residence_region: str = Field(
        "", description="The community's 12-digit code, or its name (with `street` if repeated)."
    )
    street: str = ""
    address: str = ""
    hukou_region: str = ""
    hukou_address: str = ""
    living_arrangement: str = ""
    latitude: str = ""
    longitude: str = ""
    source: str = Field("", max_length=200, description="Where the record comes from.")


class ElderPatch(Schema):
    """Fields to change; those left out keep their value."""

    name: str | None = None
    id_number: str | None = None
    ethnicity: str | None = None
    phone_primary: str | None = None
    phone_secondary: str | None = None
    residence_region: str | None = None
    street: str | None = None
    address: str | None = None
    hukou_region: str | None = None
    hukou_address: str | None = None
    living_arrangement: str | None = None
    latitude: str | None = None
    longitude: str | None = None
    reason: str = Field("", max_length=500)


RevealableField = Literal["id_number", "phone_primary", "phone_secondary"]


class RevealIn(Schema):
    fields: list[RevealableField] = Field(..., min_length=1)
    purpose: str = Field(..., max_length=200)


class RevealOut(Schema):
    pk: int
    values: dict[str, str]


class DeathIn(Schema):
    date_of_death: date
    source: str = Field(..., max_length=200)


class MoveOutIn(Schema):
    moved_out_on: date
    source: str = Field(..., max_length=200)


# --- timeline -----------------------------------------------------------------------------------


class TimelineEntryOut(Schema):
    pk: int
    kind: str
    occurred_at: datetime
    actor: str
    data: dict

    @staticmethod
    def resolve_actor(entry: TimelineEntry) -> str:
        return str(entry.actor) if entry.actor_id else ""


# --- category changes ---------------------------------------------------------------------------


class CategoryChangeIn(Schema):
    kind: Literal["grant", "end"]
    category: str
    effective_date: date
    source: str = Field(..., max_length=200)
    document_number: str = Field("", max_length=100)


class CategoryChangeDecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=500)


class CategoryChangeFilter(Schema):
    status: Literal["", "pending", "approved", "rejected"] = ""


class CategoryChangeOut(Schema):
    pk: int
    elder_pk: int
    elder_name: str
    kind: str
    category: str
    effective_date: date
    source: str
    document_number: str
    status: str
    proposed_by: str
    proposed_at: datetime
    decided_by: str
    decided_at: datetime | None
    decision_note: str

    @staticmethod
    def resolve_elder_pk(change: CategoryChange) -> int:
        return change.elder_id

    @staticmethod
    def resolve_elder_name(change: CategoryChange) -> str:
        return change.elder.name

    @staticmethod
    def resolve_proposed_by(change: CategoryChange) -> str:
        return str(change.proposed_by)

    @staticmethod
    def resolve_decided_by(change: CategoryChange) -> str:
        return str(change.decided_by) if change.decided_by_id else ""


class CategoryGrantIn(Schema):
    category: str
    valid_from: date
    source: str = Field(..., max_length=200)
    document_number: str = Field("", max_length=100)
