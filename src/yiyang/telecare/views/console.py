"""The alarm console: the page operators keep open all day, its table, and its event stream.

Live updates are server-sent events (ADR 0003): the stream sends a new version whenever the
alarms the user may see change, and the page then fetches its table again through HTMX. The
stream wakes when PostgreSQL notifies a change in the user's region (`telecare.push`), and
polls besides: every `STREAM_FALLBACK_SECONDS` while it listens, every `STREAM_POLL_SECONDS`
when it cannot (SQLite). Under ASGI (uvicorn, production) the stream is an asynchronous
iterator: Django would read a synchronous one to its end (55 s) before sending a byte.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.db.models import Count, Max, Q
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from yiyang.core.scoping import region_prefix
from yiyang.telecare import push
from yiyang.telecare.choices import AlarmSeverity, AlarmStatus
from yiyang.telecare.views.alarms import SEVERITY_BADGES, VIEW_ALARM, visible_alarms

# How long one event stream lives before the browser reconnects (a WSGI worker, or a proxy's
# read timeout, is never held longer), and how soon the browser comes back.
STREAM_SECONDS = 55
STREAM_RETRY_MS = 250
# How often the stream looks without a notification: often when nothing can wake it, seldom
# as a safety net when it listens.
STREAM_POLL_SECONDS = 0.5
STREAM_FALLBACK_SECONDS = 5.0
# At most one look (and one table fetch by the page) per this interval, however many alarms
# a storm raises: the first alarm after a quiet spell is sent at once.
STREAM_MIN_GAP_SECONDS = 0.1


@login_required
def console(request):
    """The page operators keep open all day: unresolved alarms, most severe and oldest first."""
    visible_alarms(request.user)
    return render(request, "telecare/console.html", _console_context(request))


def _console_context(request) -> dict:
    rows = list(visible_alarms(request.user).for_console()[:200])
    return {
        "rows": rows,
        "badges": SEVERITY_BADGES,
        "now": timezone.now(),
        "version": _version(request.user),
    }


@login_required
def console_rows(request):
    """The console's table alone (HTMX swaps it in when the stream says something changed)."""
    return render(request, "telecare/partials/alarm_rows.html", _console_context(request))


def _version(user) -> dict:
    """What the console shows, in two numbers: changes whenever any visible alarm changes."""
    found = visible_alarms(user).aggregate(
        latest=Max("updated_at"),
        unresolved=Count("pk", filter=~Q(status=AlarmStatus.RESOLVED)),
        critical=Count("pk", filter=Q(status=AlarmStatus.OPEN, severity=AlarmSeverity.CRITICAL)),
    )
    latest = found["latest"]
    return {
        "version": f"{latest.timestamp() if latest else 0}:{found['unresolved']}",
        "critical": found["critical"],
        "unresolved": found["unresolved"],
    }


def _event(current: dict) -> str:
    return f"data: {json.dumps(current)}\n\n"


@login_required
def alarm_stream(request):
    """Server-sent events: one `data:` line per change of the visible alarms.

    A client that does not ask for `text/event-stream` (a script, a test) gets the current
    version once; a browser's EventSource keeps the stream for STREAM_SECONDS and reconnects.
    """
    user = request.user
    visible_alarms(user)
    seconds = STREAM_SECONDS if "text/event-stream" in request.headers.get("Accept", "") else 0
    prefix = region_prefix(user, VIEW_ALARM) or ""
    if isinstance(request, ASGIRequest):
        vendor, params = push.listen_params()
        events = _async_events(user, prefix, seconds, vendor, params)
        response = StreamingHttpResponse(events, content_type="text/event-stream")
    else:
        response = StreamingHttpResponse(
            _events(user, prefix, seconds), content_type="text/event-stream"
        )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def _events(user, prefix: str, seconds: float) -> Iterator[str]:
    # Opened when the response starts streaming, closed when it ends (Django closes the
    # response, and so this generator, when the request is finished).
    listener = push.Listener.open() if seconds else None
    interval = STREAM_FALLBACK_SECONDS if listener else STREAM_POLL_SECONDS
    try:
        yield f"retry: {STREAM_RETRY_MS}\n\n"
        sent = None
        deadline = time.monotonic() + seconds
        looked = 0.0
        while True:
            gap = STREAM_MIN_GAP_SECONDS - (time.monotonic() - looked)
            if gap > 0:
                time.sleep(gap)
            looked = time.monotonic()
            current = _version(user)
            if current != sent:
                sent = current
                yield _event(current)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            if listener is not None:
                listener.wait(min(remaining, interval), prefix)
            else:
                time.sleep(min(remaining, interval))
    finally:
        if listener is not None:
            listener.close()


async def _async_events(
    user, prefix: str, seconds: float, vendor: str, params: dict
) -> AsyncIterator[str]:
    listener = await push.AsyncListener.open(vendor, params) if seconds else None
    interval = STREAM_FALLBACK_SECONDS if listener else STREAM_POLL_SECONDS
    version = sync_to_async(_version)
    try:
        yield f"retry: {STREAM_RETRY_MS}\n\n"
        sent = None
        deadline = time.monotonic() + seconds
        looked = 0.0
        while True:
            gap = STREAM_MIN_GAP_SECONDS - (time.monotonic() - looked)
            if gap > 0:
                await asyncio.sleep(gap)
            looked = time.monotonic()
            current = await version(user)
            if current != sent:
                sent = current
                yield _event(current)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            if listener is not None:
                await listener.wait(min(remaining, interval), prefix)
            else:
                await asyncio.sleep(min(remaining, interval))
    finally:
        if listener is not None:
            await listener.close()


urlpatterns = [
    path("", console, name="console"),
    path("console/rows/", console_rows, name="console_rows"),
    path("console/stream/", alarm_stream, name="alarm_stream"),
]
