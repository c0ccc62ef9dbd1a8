"""Shared set-up of the registry page tests: logged-in clients and a few elders."""

from __future__ import annotations

from datetime import date

from django.test import Client

from tests.factories import make_elder, make_id_number


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def elder_with(residence_region_id: str, **extra):
    """An elder with a known identity number and phone, so tests can look for them in HTML."""
    birth = extra.pop("birth", date(1945, 3, 8))
    male = extra.pop("male", False)
    sequence = extra.pop("sequence", 24)
    extra.setdefault("id_number", make_id_number(birth, male=male, sequence=sequence))
    extra.setdefault("phone_primary", "13912345678")
    return make_elder(residence_region_id=residence_region_id, birth=birth, male=male, **extra)
