"""The benefits endpoints under /api/v1/: programmes, applications, entitlements, payment runs."""

from ninja import Router

router = Router(tags=["benefits"])
