"""The REST API under /api/v1/ (OpenAPI document at /api/v1/docs); each app adds its router."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import APIKeyHeader, SessionAuth

from yiyang.core.errors import DomainError


class TokenAuth(APIKeyHeader):
    """`Authorization: Bearer yy_…` for clients other than the browser."""

    param_name = "Authorization"

    def authenticate(self, request: HttpRequest, key: str | None):
        from yiyang.core.services import user_for_token

        if not key or not key.startswith("Bearer "):
            return None
        user = user_for_token(key.removeprefix("Bearer ").strip())
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Yiyang 颐养 API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request, error: DomainError):
    return api.create_response(request, error.as_dict(), status=error.status)


@api.exception_handler(Http404)
def not_found(request, error: Http404):
    # Missing and out-of-region objects answer alike, so a 404 says nothing about existence.
    return api.create_response(
        request, {"code": "not_found", "message": _("Not found."), "field": None}, status=404
    )


@api.exception_handler(ValidationError)
def validation_error(request, error: ValidationError):
    first = error.errors[0] if error.errors else {}
    location = [
        str(part) for part in first.get("loc", []) if part not in ("body", "payload", "query")
    ]
    return api.create_response(
        request,
        {
            "code": "invalid_input",
            "message": first.get("msg", "invalid input"),
            "field": ".".join(location) or None,
            "errors": error.errors,
        },
        status=422,
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, error):
    return api.create_response(
        request,
        {"code": "not_authenticated", "message": _("Log in first."), "field": None},
        status=401,
    )


def _routers() -> None:
    from yiyang.assessment.api import router as assessment_router
    from yiyang.benefits.api import router as benefits_router
    from yiyang.core.api import router as core_router
    from yiyang.homecare.api import router as homecare_router
    from yiyang.institutions.api import router as institutions_router
    from yiyang.registry.api import router as registry_router
    from yiyang.stats.api import router as stats_router
    from yiyang.telecare.api import router as telecare_router

    api.add_router("/", core_router)
    api.add_router("/", registry_router)
    api.add_router("/", assessment_router)
    api.add_router("/", benefits_router)
    api.add_router("/", institutions_router)
    api.add_router("/", telecare_router)
    api.add_router("/", homecare_router)
    api.add_router("/", stats_router)


_routers()
