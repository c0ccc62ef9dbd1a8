"""Write an import's batches on a second thread while the caller checks the next rows.

Checking rows is Python work; writing them is mostly waiting for PostgreSQL, which runs on
another core and during which psycopg releases the GIL. With a writer thread the two overlap
(measured: see docs/modules/registry-import.md). The queue holds at most two checked batches, so
memory stays bounded. Each batch is still one transaction, on the writer thread's own database
connection (Django connections are per thread), closed when the writer ends.

Only used outside a transaction: inside one (a test, a request wrapped in atomic) the rows must
be written on the caller's connection, so the batches are written inline instead.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import connection

Item = TypeVar("Item")
_STOP = object()


class BatchWriter(Generic[Item]):
    """Call `write(item)` for each item put, in order, on a thread of its own."""

    def __init__(self, write: Callable[[Item], None], *, depth: int = 2) -> None:
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while (item := self._queue.get()) is not _STOP:
                if self._error is None:  # after a failure, drain so the caller never blocks
                    try:
                        self._write(item)
                    except BaseException as error:
                        self._error = error
        finally:
            connection.close()  # this thread's connection, not the caller's

    def put(self, item: Item) -> None:
        """Queue an item (waiting while two are queued); raise the writer's error, if any."""
        self._raise()
        self._queue.put(item)

    def close(self, *, failed: bool = False) -> None:
        """Wait until every queued item is written; raise the writer's error unless `failed`."""
        self._queue.put(_STOP)
        self._thread.join()
        if not failed:
            self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error
