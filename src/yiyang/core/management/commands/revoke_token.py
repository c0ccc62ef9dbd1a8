"""Revoke an account's API token by its name: it stops working at once, in every web process."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yiyang.core.models import ApiToken
from yiyang.core.services import revoke_token


class Command(BaseCommand):
    help = "Revoke the API token NAME of USERNAME."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="The name the token was issued with.")

    def handle(self, *args, username: str, name: str, **options):
        tokens = list(
            ApiToken.objects.filter(user__username=username, name=name, revoked_at__isnull=True)
        )
        if not tokens:
            raise CommandError(
                _("No token “{name}” in use for {username}.").format(name=name, username=username)
            )
        # The command line acts as the account itself, as `issue_token` does.
        for token in tokens:
            revoke_token(token, actor=token.user)
        self.stderr.write(
            _("Revoked {count} token(s) “{name}” of {username}.").format(
                count=len(tokens), name=name, username=username
            )
        )
