from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from yiyang.core.errors import DomainError
from yiyang.core.services import clear_login_failures, is_locked_out, record_login_failure


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (2026-12-03) whatever the language's own
    date format: under zh-hans Django writes 2026/12/03, which the picker shows as empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (2026-12-03T09:30), for the same reason."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MonthInput(forms.DateInput):
    """The browser's month picker (2026-12), for the same reason."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m")


def show_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal beside the field it names, or above the form when it names none."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class LoginForm(AuthenticationForm):
    """Django's login with a lockout after repeated failures for one account name."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong user name or password."),
        "locked": _("Too many failed attempts: this account is locked for {minutes} minutes."),
    }

    def clean(self):
        from django.conf import settings

        username = (self.data.get("username") or "").strip()
        if username and is_locked_out(username):
            raise forms.ValidationError(
                str(self.error_messages["locked"]).format(minutes=settings.LOGIN_LOCKOUT_MINUTES),
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                record_login_failure(
                    username, self.request.META.get("REMOTE_ADDR") if self.request else None
                )
            raise
        clear_login_failures(username)
        return cleaned
