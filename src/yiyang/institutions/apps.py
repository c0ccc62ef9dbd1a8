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
        # Payment runs leave out elders the institution supports (rules' exclusion).
        from yiyang.benefits.compute import concentrated_support_sources
        from yiyang.institutions.support import elders_in_concentrated_support

        if elders_in_concentrated_support not in concentrated_support_sources:
            concentrated_support_sources.append(elders_in_concentrated_support)
        # A death recorded in the registry ends the resident's stay (services/stays.py).
        from yiyang.institutions import receivers

        receivers.connect()
