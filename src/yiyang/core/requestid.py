"""The id of the request being served, for the audit trail (no thread-local globals)."""

from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
