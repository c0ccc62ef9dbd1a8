from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from yiyang.core.errors import DomainError
from yiyang.core.services import clear_login_failures, is_locked_out, record_login_failure


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
