from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicemapConfig(AppConfig):
    name = "yiyang.servicemap"
    label = "servicemap"
    verbose_name = _("Service map")

    def ready(self) -> None:
        # The 15-minute coverage share as a stats computation (stats reads from every app; the
        # indicator pointing at it is the stats app's data, see docs/modules/servicemap.md).
        from yiyang.servicemap import computations  # noqa: F401 (registers on import)
