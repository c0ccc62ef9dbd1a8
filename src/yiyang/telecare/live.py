"""Last-seen times of devices, kept out of the database (DESIGN.md: heartbeats are not rows).

The Django cache holds them: Redis in production (`REDIS_URL`), the local-memory cache in one
process otherwise (the MQTT consumer runs the periodic checks itself, so it reads what it wrote).
The periodic check copies them onto `Device.last_seen_at` in one batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.cache import cache

# Long enough to outlive any silence rule; a device silent longer falls back to the database.
TTL_SECONDS = 7 * 24 * 3600


def _key(what: str, device_pk: int) -> str:
    return f"telecare:{what}:{device_pk}"


# The consumer buffers its writes and sends them in one batch (`flush`) a few times a second:
# one Redis round trip per heartbeat was the consumer's largest cost after the queries. A crash
# loses at most that fraction of a second of last-seen times, which the next heartbeats restore.
_buffer: dict[str, object] | None = None


def buffer_writes(on: bool = True) -> None:
    """Hold writes until `flush()` (the consumer); write through when off (web, tests)."""
    global _buffer
    flush()
    _buffer = {} if on else None


def flush() -> int:
    """Send the buffered writes in one batch; return how many."""
    if not _buffer:
        return 0
    count = len(_buffer)
    cache.set_many(_buffer, TTL_SECONDS)
    _buffer.clear()
    return count


def _set(key: str, value: object) -> None:
    if _buffer is None:
        cache.set(key, value, TTL_SECONDS)
    else:
        _buffer[key] = value


def touch(device_pk: int, at: datetime, what: str = "seen") -> None:
    _set(_key(what, device_pk), at.timestamp())


def read(device_pks: Iterable[int], what: str = "seen") -> dict[int, datetime]:
    from datetime import UTC

    flush()
    pks = list(device_pks)
    found = cache.get_many([_key(what, pk) for pk in pks])
    result = {}
    for pk in pks:
        value = found.get(_key(what, pk))
        if value is not None:
            result[pk] = datetime.fromtimestamp(value, tz=UTC)
    return result


def remember_battery(device_pk: int, percent: int) -> None:
    _set(_key("battery", device_pk), percent)


def batteries(device_pks: Iterable[int]) -> dict[int, int]:
    flush()
    pks = list(device_pks)
    found = cache.get_many([_key("battery", pk) for pk in pks])
    return {pk: found[_key("battery", pk)] for pk in pks if _key("battery", pk) in found}
