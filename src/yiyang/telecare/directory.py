"""Per-process caches of what every message needs: the active devices' keys and the alarm rules.

Reading them from the database per message cost the consumer one or two queries a heartbeat
(about 57 messages a second). Here a process loads the active devices once, in one query, and
keeps them in a dict; it refreshes the devices changed since its last look (`updated_at`,
indexed, so the cost follows the changes, not the 300,000 devices) every `REFRESH_SECONDS`, or
within `VERSION_CHECK_SECONDS` when a write bumps the version kept in the Django cache (Redis
in production, so the web process's change reaches the consumer): every service that binds,
unbinds or re-keys a device, or changes a rule, calls `changed()`. Devices are never deleted
(their alarms keep them); a row removed or edited outside the services is seen by a process
only when it starts again. A
serial it does not know is looked up once in the database (a device provisioned a moment ago),
and a signature that fails against a cached key is checked once against the database before
the message is refused: a stale entry can delay a change by seconds, never refuse a good device.

The rules in force are cached the same way, for `RULES_TTL_SECONDS` or until the version moves.
"""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from yiyang.telecare.choices import DeviceStatus
from yiyang.telecare.models import Device
from yiyang.telecare.rules import RuleSetting

VERSION_KEY = "telecare:directory:version"
VERSION_CHECK_SECONDS = 1.0
REFRESH_SECONDS = 30.0
RULES_TTL_SECONDS = 30.0
# Rows written just before a refresh's clock reading may commit just after it.
_MARGIN = timedelta(seconds=10)


class DeviceEntry(NamedTuple):
    pk: int
    elder_id: int
    region_code: str
    key: str
    kind: str

    def as_device(self) -> Device:
        """An unsaved stand-in carrying what an alarm row needs (pk, elder, region)."""
        return Device(pk=self.pk, elder_id=self.elder_id, region_code=self.region_code,
                      kind=self.kind)  # fmt: skip


def _entry(row: tuple) -> DeviceEntry:
    pk, elder_id, region_code, key, kind = row
    return DeviceEntry(pk, elder_id, region_code, key, kind)


_FIELDS = ("pk", "elder_id", "region_code", "signing_key", "kind", "serial")


def bump_version() -> None:
    """Tell every process's caches that devices or rules changed (called by the services).

    This process looks again at its next message; others within `VERSION_CHECK_SECONDS`.
    """
    devices.expire()
    rules.expire()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def changed() -> None:
    """Call inside the transaction that changes devices or rules: this process looks again
    at once, and every process again once the change is committed (a process that looked in
    between would have read the old rows)."""
    bump_version()
    transaction.on_commit(bump_version)


def _version() -> int:
    return int(cache.get(VERSION_KEY) or 0)


class DeviceDirectory:
    """Serial → `DeviceEntry` of the active devices, for one process."""

    def __init__(self) -> None:
        self._entries: dict[str, DeviceEntry] = {}
        self._lock = threading.Lock()
        self._loaded = False
        self._warming = threading.Event()
        self._since: datetime | None = None
        self._refreshed = self._checked = 0.0
        self._version = 0

    def expire(self) -> None:
        self._checked = self._refreshed = 0.0

    def warm(self) -> None:
        """Load every active device now (a consumer starting), not on the first message."""
        self._load_all(time.monotonic())

    def warm_in_background(self) -> threading.Thread:
        """Load every active device in a thread; meanwhile each serial is read on its own.

        A consumer restarted after a crash has the messages queued during its absence waiting:
        loading 300,000 devices first (about 2 s) would add to their wait, one query per
        message (about a millisecond) does not.
        """
        self._warming.set()

        def load() -> None:
            try:
                self._load_all(time.monotonic())
            finally:
                self._warming.clear()
                connection.close()  # this thread's own connection

        thread = threading.Thread(target=load, name="directory-warm", daemon=True)
        thread.start()
        return thread

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._loaded = False

    def lookup(self, serial: str) -> DeviceEntry | None:
        """The active device with this serial, or None when there is none."""
        if not self._warming.is_set():
            self._keep_fresh()
        entry = self._entries.get(serial)
        if entry is None:
            entry = self.reload(serial)
        return entry

    def reload(self, serial: str) -> DeviceEntry | None:
        """Read one serial from the database (a miss, or a signature that did not match)."""
        row = (
            Device.objects.filter(serial=serial, status=DeviceStatus.ACTIVE)
            .values_list(*_FIELDS[:-1])
            .first()
        )
        with self._lock:
            if row is None:
                self._entries.pop(serial, None)
                return None
            entry = self._entries[serial] = _entry(row)
        return entry

    def _keep_fresh(self) -> None:
        now = time.monotonic()
        if not self._loaded:
            self._load_all(now)
            return
        if now - self._checked >= VERSION_CHECK_SECONDS:
            self._checked = now
            version = _version()
            if version != self._version or now - self._refreshed >= REFRESH_SECONDS:
                self._version = version
                self._refresh(now)

    def _load_all(self, now: float) -> None:
        started = timezone.now()
        version = _version()
        rows = Device.objects.filter(status=DeviceStatus.ACTIVE).values_list(*_FIELDS)
        entries = {row[-1]: _entry(row[:-1]) for row in rows.iterator(chunk_size=20_000)}
        with self._lock:
            self._entries = entries
            self._loaded = True
            self._since, self._version = started, version
            self._refreshed = self._checked = now

    def _refresh(self, now: float) -> None:
        started = timezone.now()
        since = (self._since or started) - _MARGIN
        rows = list(Device.objects.changed_since(since).values_list(*_FIELDS, "status"))
        with self._lock:
            for *fields, status in rows:
                serial = fields[-1]
                if status == DeviceStatus.ACTIVE:
                    self._entries[serial] = _entry(tuple(fields[:-1]))
                elif self._entries.get(serial, (fields[0],))[0] == fields[0]:
                    # The unbound row is the one cached (a newer active row would differ).
                    self._entries.pop(serial, None)
            self._since, self._refreshed = started, now


class RuleCache:
    """The alarm rules in force today: the city's defaults and every elder's overrides."""

    def __init__(self) -> None:
        self._by_elder: dict[int | None, dict[str, RuleSetting]] = {}
        self._day: date | None = None
        self._loaded_at = self._checked = 0.0
        self._version = -1

    def expire(self) -> None:
        self._day = None

    clear = expire

    def _stale(self, on: date, now: float) -> bool:
        if on != self._day or now - self._loaded_at >= RULES_TTL_SECONDS:
            return True
        if now - self._checked < VERSION_CHECK_SECONDS:
            return False
        self._checked = now
        return _version() != self._version

    def settings_for(self, elder_pk: int, on: date) -> dict[str, RuleSetting]:
        from yiyang.telecare.services.rules import settings_in_force

        now = time.monotonic()
        if self._stale(on, now):
            self._version = _version()
            self._by_elder = settings_in_force(on, None)
            self._day, self._loaded_at = on, now
            self._checked = now
        merged = dict(self._by_elder[None])
        merged.update(self._by_elder.get(elder_pk, {}))
        return merged


devices = DeviceDirectory()
rules = RuleCache()


def clear() -> None:
    """Forget everything (tests, and a process that wants to start afresh)."""
    devices.clear()
    rules.clear()
