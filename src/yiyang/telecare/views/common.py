"""What the telecare pages share: the capability check, and the one shape of a form posted to a
service (an alarm step, a bed's month plan, unbinding a device): bind the form, call the
service, and answer with the next page, or with the same page again (422) showing the
service's refusal beside the field it names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from yiyang.core.errors import DomainError, PermissionDeniedError
from yiyang.core.forms import show_domain_error


def require_capability(user, capability: str) -> None:
    """Answer 403 unless the user holds the capability (the region is the services' check)."""
    if not user.has_capability(capability):
        raise PermissionDenied


def run_form(
    request: HttpRequest,
    subject: Any,
    *,
    form_class: type,
    act: Callable[[Any, dict, Any], object],
    done: Callable[[], HttpResponse],
    again: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """Bind `form_class` to the POST and, when valid, `act(subject, cleaned_data, user)`.

    `done()` answers a success (usually a redirect); `again(form)` answers an invalid form or a
    refusal of the service, and should render with status 422. A service's permission refusal
    is a 403, as a missing capability is.
    """
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(subject, form.cleaned_data, request.user)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return done()
    return again(form)
