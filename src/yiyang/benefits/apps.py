from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "yiyang.benefits"
    label = "benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        # Deaths and move-outs stop entitlements; the timeline tells application steps.
        from yiyang.benefits import receivers, timeline

        receivers.connect()
        timeline.register()
