"""The one shape of a refused operation: a stable code, a translated message, the field."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """Raised by services; views show `message` beside `field`, the API returns all three."""

    status = 422

    def __init__(self, code: str, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = str(code)
        self.message = str(message)
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class PermissionDeniedError(DomainError):
    status = 403


class NotFoundError(DomainError):
    status = 404
