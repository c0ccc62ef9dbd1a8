"""Helpers of the API tests: a JSON client logged in as one of the conftest actors."""

from __future__ import annotations

import json

import pytest
from django.test import Client

API = "/api/v1"


class JsonClient:
    """A Django test client that speaks JSON to /api/v1/ as one user (or anonymous)."""

    def __init__(self, user=None, **client_options) -> None:
        self.client = Client(**client_options)
        if user is not None:
            self.client.force_login(user)

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(API + path, params or {}, headers=headers)

    def post(self, path: str, body: dict | None = None, **headers):
        return self.client.post(
            API + path, json.dumps(body or {}), content_type="application/json", headers=headers
        )

    def patch(self, path: str, body: dict | None = None, **headers):
        return self.client.patch(
            API + path, json.dumps(body or {}), content_type="application/json", headers=headers
        )


@pytest.fixture
def api_as():
    """Return a JSON client for a user: `api_as(street_worker).get("/elders/")`."""
    return JsonClient


@pytest.fixture(autouse=True)
def _api_urls(settings):
    # The access-leak test walks the real root URLconf; these tests exercise the API itself.
    settings.ROOT_URLCONF = "tests.api.urls"
