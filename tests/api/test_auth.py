"""API authentication: bearer tokens for clients, the session (with CSRF) for the browser."""

import json
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from tests.api.conftest import API
from tests.conftest import COMMUNITY_A1
from tests.factories import make_elder
from yiyang.core.errors import PermissionDeniedError
from yiyang.core.models import ApiToken, ChangeRecord, User
from yiyang.core.models.accounts import hash_token
from yiyang.core.services import forget_tokens, issue_token, revoke_token
from yiyang.registry.models import Elder


def test_anonymous_is_refused_with_401(regions, api_as):
    response = api_as().get("/elders/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_bearer_token_authenticates_as_its_user(street_worker):
    elder = make_elder(residence_region_id=COMMUNITY_A1)
    secret = issue_token(street_worker, name="社区终端", actor=street_worker)

    response = Client().get(
        f"{API}/elders/{elder.pk}", headers={"Authorization": f"Bearer {secret}"}
    )
    me = Client().get(f"{API}/me", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 200
    assert me.json()["username"] == "street_worker"
    assert ApiToken.objects.get().last_used_at is not None


def test_token_client_writes_without_csrf(street_worker):
    elder = make_elder(residence_region_id=COMMUNITY_A1, address="旧址")
    secret = issue_token(street_worker, name="社区终端", actor=street_worker)

    response = Client(enforce_csrf_checks=True).patch(
        f"{API}/elders/{elder.pk}",
        json.dumps({"address": "新址"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 200
    elder.refresh_from_db()
    assert elder.address == "新址"


@pytest.mark.parametrize(
    "header_case",
    ["Bearer yy_wrong", "yy_without_bearer_word", "Bearer "],
)
def test_wrong_token_is_refused(street_worker, header_case):
    issue_token(street_worker, name="社区终端", actor=street_worker)

    response = Client().get(f"{API}/elders/", headers={"Authorization": header_case})

    assert response.status_code == 401


def test_revoked_token_is_refused(street_worker):
    secret = issue_token(street_worker, name="社区终端", actor=street_worker)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")

    response = Client().get(f"{API}/elders/", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 401


def test_session_write_needs_csrf_token(street_worker):
    # given a browser session that enforces CSRF as the real middleware does
    elder = make_elder(residence_region_id=COMMUNITY_A1, address="旧址")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(street_worker)

    # when the page's script forgets the token
    refused = browser.patch(
        f"{API}/elders/{elder.pk}", json.dumps({"address": "新址"}), content_type="application/json"
    )

    # then it is refused and nothing changes
    assert refused.status_code == 403
    elder.refresh_from_db()
    assert elder.address == "旧址"

    # when it sends the token from the cookie
    token = "k" * 32  # a well-formed CSRF secret, as the page's cookie would hold
    browser.cookies["csrftoken"] = token
    accepted = browser.patch(
        f"{API}/elders/{elder.pk}",
        json.dumps({"address": "新址"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    # then it is accepted
    assert accepted.status_code == 200
    elder.refresh_from_db()
    assert elder.address == "新址"


def test_session_read_needs_no_csrf_token(street_worker):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(street_worker)

    assert browser.get(f"{API}/elders/").status_code == 200


def test_issue_token_command_prints_secret_once(street_worker):
    out, err = StringIO(), StringIO()

    call_command("issue_token", "street_worker", "--name", "统计终端", stdout=out, stderr=err)

    secret = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert secret.startswith("yy_")
    assert token.token_hash == hash_token(secret)
    assert token.name == "统计终端"
    assert secret not in str(token.__dict__)
    assert (
        Client().get(f"{API}/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )


def test_issue_token_command_rejects_unknown_user(regions):
    with pytest.raises(CommandError):
        call_command("issue_token", "nobody", "--name", "x", stdout=StringIO())
    assert ApiToken.objects.count() == 0
    assert Elder.objects.count() == 0


# --- the token cache (API_TOKEN_CACHE_SECONDS: on with a shared cache) -------------------------


@pytest.fixture
def token_cache(settings):
    """The token cache on, over the test process's local-memory cache (one process: shared)."""
    settings.API_TOKEN_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def as_bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def test_cached_token_answers_without_reading_the_database(
    street_worker, token_cache, django_assert_num_queries
):
    secret = issue_token(street_worker, name="社区终端", actor=street_worker)
    with django_assert_num_queries(2):  # the token with its account; its last use
        assert Client().get(f"{API}/me", headers=as_bearer(secret)).status_code == 200

    with django_assert_num_queries(0):
        me = Client().get(f"{API}/me", headers=as_bearer(secret))

    assert me.json()["username"] == "street_worker"
    assert "password" not in vars(cache.get(f"yiyang:api-token:{hash_token(secret)}").user)


def test_revoked_token_stops_at_once_though_cached(
    street_worker, token_cache, django_capture_on_commit_callbacks
):
    secret = issue_token(street_worker, name="社区终端", actor=street_worker)
    assert Client().get(f"{API}/me", headers=as_bearer(secret)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        revoke_token(ApiToken.objects.get(), actor=street_worker)

    assert Client().get(f"{API}/me", headers=as_bearer(secret)).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None
    assert ChangeRecord.objects.filter(action="revoke_token").count() == 1


def test_revoking_another_accounts_token_needs_the_right(street_worker, other_street_worker):
    issue_token(street_worker, name="社区终端", actor=street_worker)

    with pytest.raises(PermissionDeniedError):
        revoke_token(ApiToken.objects.get(), actor=other_street_worker)

    assert ApiToken.objects.get().revoked_at is None


def test_cached_token_stops_on_its_expiry_date(street_worker, token_cache):
    with time_machine.travel("2026-03-01 09:00:00+08:00", tick=False):
        secret = issue_token(street_worker, name="社区终端", actor=street_worker, days=1)
        assert Client().get(f"{API}/me", headers=as_bearer(secret)).status_code == 200
        # A cache whose clock runs behind ours (Redis keeps its own) still holds the entry.
        key = f"yiyang:api-token:{hash_token(secret)}"
        cache.set(key, cache.get(key), 7 * 24 * 3600)
    with time_machine.travel("2026-03-02 09:00:30+08:00", tick=False):
        assert Client().get(f"{API}/me", headers=as_bearer(secret)).status_code == 401


def test_forgotten_tokens_of_a_closed_account_stop(
    street_worker, token_cache, django_capture_on_commit_callbacks
):
    secret = issue_token(street_worker, name="社区终端", actor=street_worker)
    assert Client().get(f"{API}/me", headers=as_bearer(secret)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        User.objects.filter(pk=street_worker.pk).update(is_active=False)
        forget_tokens(street_worker)

    assert Client().get(f"{API}/me", headers=as_bearer(secret)).status_code == 401


def test_revoke_token_command(street_worker, token_cache, django_capture_on_commit_callbacks):
    secret = issue_token(street_worker, name="统计终端", actor=street_worker)
    assert Client().get(f"{API}/me", headers=as_bearer(secret)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        call_command("revoke_token", "street_worker", "--name", "统计终端", stderr=StringIO())

    assert Client().get(f"{API}/me", headers=as_bearer(secret)).status_code == 401
    with pytest.raises(CommandError):
        call_command("revoke_token", "street_worker", "--name", "统计终端", stderr=StringIO())
