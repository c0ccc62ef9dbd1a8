from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "yiyang.institutions"
    label = "institutions"
    verbose_name = _("Institutions and facilities")

    def ready(self) -> None:
        # A flushed database gets the first filing policy back (see defaults).
        from yiyang.institutions.defaults import seed_policy_if_empty

        post_migrate.connect(
            seed_policy_if_empty, sender=self, dispatch_uid="institutions.policy_seed"
        )
