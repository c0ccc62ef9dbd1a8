from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yiyang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # A flushed database gets the shipped statutory calendar back (see calendar_seed).
        from yiyang.core.calendar_seed import seed_if_empty

        post_migrate.connect(seed_if_empty, sender=self, dispatch_uid="core.calendar_seed")
