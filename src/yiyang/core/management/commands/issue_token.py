"""Issue an API token for an account and print its secret once (only the hash is kept)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yiyang.core.models import User
from yiyang.core.services import issue_token


class Command(BaseCommand):
    help = "Issue an API token for USERNAME and print the secret once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for (a client name).")
        parser.add_argument(
            "--days", type=int, default=365, help="Days until it expires; 0 for never."
        )

    def handle(self, *args, username: str, name: str, days: int, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(
                _("No active account “{username}”.").format(username=username)
            ) from None
        # The command line acts as the account itself: it may only be run by an operator.
        secret = issue_token(user, name=name, actor=user, days=days or None)
        self.stdout.write(secret)
        self.stderr.write(
            _("Token “{name}” issued for {username}; the secret above is shown only once.").format(
                name=name, username=username
            )
        )
