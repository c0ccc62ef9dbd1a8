from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomecareConfig(AppConfig):
    name = "yiyang.homecare"
    label = "homecare"
    verbose_name = _("Home services")

    def ready(self) -> None:
        # Provider staff see their own caregivers; deaths cancel open orders.
        from yiyang.homecare import receivers

        receivers.connect()
        # A flushed database gets the first policy back (see defaults): planning and settlement
        # refuse to guess figures when no policy is in force.
        from yiyang.homecare.defaults import seed_policy_if_empty

        post_migrate.connect(seed_policy_if_empty, sender=self, dispatch_uid="homecare.policy_seed")
