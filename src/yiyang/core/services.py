"""Writes of the core app: regions, accounts, tokens, login failures."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core import audit
from yiyang.core.errors import DomainError
from yiyang.core.models import ApiToken, LoginFailure, Region, User
from yiyang.core.models.accounts import hash_token
from yiyang.core.scoping import require
from yiyang.core.validators.region_code import level_of, normalise_region_code

# --- accounts ---------------------------------------------------------------------------------


def create_user(
    *,
    username: str,
    password: str,
    role: str,
    region: Region | None,
    display_name: str = "",
    actor=None,
    is_superuser: bool = False,
) -> User:
    """Create an account with a role and home region; `actor` None means the command line."""
    if actor is not None:
        require(actor, "core.manage_users", region.code if region else None)
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            region=region,
            display_name=display_name,
            is_superuser=is_superuser,
            is_staff=is_superuser,
        )
        user.set_password(password)
        user.save()
        audit.record_change(
            user,
            actor=actor,
            action="create",
            fields=["username", "role", "region"],
            region_code=region.code if region else "",
        )
    return user


def is_locked_out(username: str) -> bool:
    """Whether the account is locked: the last LOGIN_FAILURE_LIMIT failures came within one
    window, and the lock (one window long, from the last of them) has not run out.

    Counting failures over a sliding window instead would let a lock end minutes after it
    began when the earlier failures were old; attempts while locked are not recorded, so they
    neither extend the lock nor count towards the next one.
    """
    window = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = list(
        LoginFailure.objects.filter(username=username.lower())
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: settings.LOGIN_FAILURE_LIMIT]
    )
    if len(recent) < settings.LOGIN_FAILURE_LIMIT:
        return False
    last, first = recent[0], recent[-1]
    return last - first <= window and timezone.now() - last < window


def record_login_failure(username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), ip_address=ip_address)


def clear_login_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


def issue_token(user: User, *, name: str, actor: User, days: int | None = 365) -> str:
    """Create an API token for `user` and return its secret, shown once."""
    if actor.pk != user.pk:
        require(actor, "core.manage_users", user.region_id)
    secret = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            token_hash=hash_token(secret),
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        audit.record_change(
            token,
            actor=actor,
            action="issue_token",
            fields=["name", "expires_at"],
            region_code=user.region_id or "",
        )
    return secret


@dataclass(frozen=True)
class CachedToken:
    """What a request needs of a token, kept in the shared cache between its requests."""

    pk: int
    user: User
    expires_at: datetime | None
    last_used_at: datetime | None


def _token_key(token_hash: str) -> str:
    return f"yiyang:api-token:{token_hash}"


def user_for_token(secret: str) -> User | None:
    """Return the active account a usable token belongs to, or None.

    With `API_TOKEN_CACHE_SECONDS` (on when the cache is shared: REDIS_URL), the token and its
    account are kept that long in the cache, so a client's requests do not each read two tables
    (a third of a small request's CPU). `revoke_token` and `forget_tokens` remove the entries at
    once, for every web process; the expiry date is checked on every request.
    """
    token_hash = hash_token(secret)
    seconds = settings.API_TOKEN_CACHE_SECONDS
    now = timezone.now()
    entry = cache.get(_token_key(token_hash)) if seconds else None
    changed = False
    if not isinstance(entry, CachedToken) or (
        entry.expires_at is not None and entry.expires_at <= now
    ):
        token = (
            ApiToken.objects.usable()
            .select_related("user")
            # The password hash is not needed to serve a request: it never enters the cache.
            .defer("user__password")
            .filter(token_hash=token_hash)
            .first()
        )
        if token is None:
            return None
        entry = CachedToken(token.pk, token.user, token.expires_at, token.last_used_at)
        changed = True
    # Write last use at most once a minute: a busy client must not write on every request.
    if entry.last_used_at is None or now - entry.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=entry.pk).update(last_used_at=now)
        entry = replace(entry, last_used_at=now)
        changed = True
    if seconds and changed:
        timeout = seconds
        if entry.expires_at is not None:
            timeout = min(seconds, max(1, int((entry.expires_at - now).total_seconds())))
        cache.set(_token_key(token_hash), entry, timeout)
    return entry.user


def forget_tokens(user: User) -> None:
    """Drop the cached tokens of an account whose rights changed (deactivated, new role or
    region), once the change is committed; call it inside the transaction that changes them."""
    hashes = list(ApiToken.objects.filter(user=user).values_list("token_hash", flat=True))
    if hashes and settings.API_TOKEN_CACHE_SECONDS:
        keys = [_token_key(token_hash) for token_hash in hashes]
        transaction.on_commit(lambda: cache.delete_many(keys))


def revoke_token(token: ApiToken, *, actor: User) -> ApiToken:
    """Stop a token from working, at once and in every web process; revoking twice is once."""
    if actor.pk != token.user_id:
        require(actor, "core.manage_users", token.user.region_id)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record_change(
            token,
            actor=actor,
            action="revoke_token",
            fields=["name", "revoked_at"],
            region_code=token.user.region_id or "",
        )
        key = _token_key(token.token_hash)
        transaction.on_commit(lambda: cache.delete(key))
    return token


# --- regions ----------------------------------------------------------------------------------


@dataclass
class RegionImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def import_regions(path: Path, *, actor=None) -> RegionImportResult:
    """Load a region tree from CSV columns code,name,parent_code; all or nothing.

    Every line is checked first (code, name, parent present in the file or the database, parent
    one level up); a single bad line leaves the database untouched and is reported by number.
    """
    if actor is not None:
        require(actor, "core.manage_regions")
    result = RegionImportResult()
    rows: list[tuple[int, str, str, str]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"code", "name", "parent_code"} - set(reader.fieldnames or [])
            if missing:
                raise DomainError(
                    "region_file_columns",
                    _(
                        "The file needs the columns code, name, parent_code; missing: {columns}."
                    ).format(columns=", ".join(sorted(missing))),
                )
            for line_number, row in enumerate(reader, start=2):
                rows.append(
                    (
                        line_number,
                        (row.get("code") or "").strip(),
                        (row.get("name") or "").strip(),
                        (row.get("parent_code") or "").strip(),
                    )
                )
    except UnicodeDecodeError:
        raise DomainError("region_file_encoding", _("The file is not UTF-8 text.")) from None

    known = dict(Region.objects.values_list("code", "level"))
    parsed: dict[str, tuple[int, str, str | None]] = {}
    for line_number, raw_code, name, raw_parent in rows:
        try:
            code = normalise_region_code(raw_code)
        except ValueError:
            result.problems.append(
                (
                    line_number,
                    _("code “{code}” is not a 12-digit region code").format(code=raw_code),
                )
            )
            continue
        if not name:
            result.problems.append((line_number, _("the name is empty")))
            continue
        if code in parsed:
            result.problems.append(
                (line_number, _("code {code} appears twice in the file").format(code=code))
            )
            continue
        parent: str | None = None
        if raw_parent:
            try:
                parent = normalise_region_code(raw_parent)
            except ValueError:
                result.problems.append(
                    (
                        line_number,
                        _("parent code “{code}” is not a 12-digit region code").format(
                            code=raw_parent
                        ),
                    )
                )
                continue
        parsed[code] = (int(level_of(code)), name, parent)
    for line_number, raw_code, _name, _parent in rows:
        try:
            code = normalise_region_code(raw_code)
        except ValueError:
            continue
        if code not in parsed:
            continue
        level, _n, parent = parsed[code]
        if parent is None:
            continue
        parent_level = parsed[parent][0] if parent in parsed else known.get(parent)
        if parent_level is None:
            result.problems.append(
                (
                    line_number,
                    _("parent {code} is neither in the file nor in the database").format(
                        code=parent
                    ),
                )
            )
        elif not code.startswith(Region(code=parent).code_prefix) or parent_level >= level:
            result.problems.append(
                (
                    line_number,
                    _("{code} cannot lie under {parent}").format(code=code, parent=parent),
                )
            )
    if result.problems:
        return result

    existing = {region.code: region for region in Region.objects.filter(code__in=list(parsed))}
    with transaction.atomic():
        # Parents first, so every foreign key points at a row that exists.
        for code, (level, name, parent) in sorted(parsed.items(), key=lambda item: item[1][0]):
            region = existing.get(code)
            if region is None:
                Region.objects.create(code=code, name=name, level=level, parent_id=parent)
                result.created += 1
            elif region.name != name or region.parent_id != parent:
                region.name, region.parent_id = name, parent
                region.save(update_fields=["name", "parent"])
                result.updated += 1
            else:
                result.unchanged += 1
        if actor is not None and (result.created or result.updated):
            audit.record_change(
                Region.objects.get(code=next(iter(parsed))),
                actor=actor,
                action="import_regions",
                fields=[],
                reason=f"{path.name}: +{result.created} ~{result.updated}",
            )
    return result
