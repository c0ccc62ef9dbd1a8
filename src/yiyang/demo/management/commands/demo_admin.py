from django.core.management.base import BaseCommand

from yiyang.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_demo_accounts
from yiyang.demo.loader import load_regions


class Command(BaseCommand):
    help = "Create the demo accounts (or reset their password) and print the logins."

    def handle(self, *args, **options):
        load_regions()
        accounts = ensure_demo_accounts(password=DEMO_PASSWORD)
        width = max(len(spec.username) for spec in DEMO_ACCOUNTS)
        self.stdout.write("")
        self.stdout.write("Demo accounts (演示账号) — password for all (密码): " + DEMO_PASSWORD)
        for spec in DEMO_ACCOUNTS:
            user = accounts[spec.username]
            self.stdout.write(
                f"  {spec.username.ljust(width)}  {spec.duty:<24} {user.display_name}"
            )
        self.stdout.write("")
