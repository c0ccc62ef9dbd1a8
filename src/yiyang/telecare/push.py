"""Waking the alarm console's event stream when alarms change (ADR 0003, addendum).

Every write that changes an alarm (raised, a step, an escalation) calls `alarms_changed` inside
its transaction: on PostgreSQL that is `pg_notify('telecare_alarms', <region code>)`, which the
server delivers when the transaction commits and never when it rolls back, so a listener hears
of a row it can already read. Each open console stream keeps its own connection that LISTENs on
the channel (`Listener`, or `AsyncListener` under ASGI) and looks at the alarms again at once
when a notification of its region arrives, instead of waiting for its next poll. The poll stays:
on SQLite, when the listening connection cannot be opened, and every few seconds regardless.

Operators are tens, so one extra database connection per open console is affordable; the
consumer pays one statement per alarm, inside a transaction it commits anyway.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import psycopg
from django.db import connection

logger = logging.getLogger("yiyang.telecare.push")

CHANNEL = "telecare_alarms"


def alarms_changed(region_code: str) -> None:
    """Call inside the transaction that changes an alarm of `region_code`."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, region_code])


def _params() -> dict[str, Any]:
    # Django's own parameters (database, user, host, options), without its cursor class and
    # type adapters: the listener runs no query, only LISTEN.
    params = connection.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(key, None)
    return params


def _relevant(payload: str, prefix: str) -> bool:
    return payload.startswith(prefix)


class Listener:
    """One LISTENing connection for a synchronous stream (WSGI, the test server)."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    @classmethod
    def open(cls) -> Listener | None:
        """A listener, or None when the database cannot notify (SQLite) or refused us."""
        if connection.vendor != "postgresql":
            return None
        try:
            conn = psycopg.connect(**_params(), autocommit=True)
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            logger.warning("cannot listen for alarm changes; the console polls", exc_info=True)
            return None
        return cls(conn)

    def wait(self, seconds: float, prefix: str) -> bool:
        """Block up to `seconds`; True as soon as an alarm of the region `prefix` changed.

        Notifications already queued are taken with it: one look covers them all.
        """
        deadline = time.monotonic() + seconds
        heard = False
        while (remaining := deadline - time.monotonic()) > 0:
            for notify in self._conn.notifies(timeout=remaining, stop_after=1):
                heard = heard or _relevant(notify.payload, prefix)
            if heard:
                for notify in self._conn.notifies(timeout=0):
                    heard = heard or _relevant(notify.payload, prefix)
                return True
        return False

    def close(self) -> None:
        self._conn.close()


class AsyncListener:
    """The same for an asynchronous stream (ASGI: uvicorn in production)."""

    def __init__(self, conn: psycopg.AsyncConnection) -> None:
        self._conn = conn

    @classmethod
    async def open(cls, vendor: str, params: dict[str, Any]) -> AsyncListener | None:
        if vendor != "postgresql":
            return None
        try:
            conn = await psycopg.AsyncConnection.connect(**params, autocommit=True)
            await conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            logger.warning("cannot listen for alarm changes; the console polls", exc_info=True)
            return None
        return cls(conn)

    async def wait(self, seconds: float, prefix: str) -> bool:
        deadline = time.monotonic() + seconds
        heard = False
        while (remaining := deadline - time.monotonic()) > 0:
            async for notify in self._conn.notifies(timeout=remaining, stop_after=1):
                heard = heard or _relevant(notify.payload, prefix)
            if heard:
                async for notify in self._conn.notifies(timeout=0):
                    heard = heard or _relevant(notify.payload, prefix)
                return True
        return False

    async def close(self) -> None:
        await self._conn.close()


def listen_params() -> tuple[str, dict[str, Any]]:
    """What `AsyncListener.open` needs, read in the request's thread (Django's connection)."""
    vendor = connection.vendor
    return vendor, _params() if vendor == "postgresql" else {}
