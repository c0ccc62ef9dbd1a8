from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "yiyang.assessment"
    label = "assessment"
    verbose_name = _("Ability assessment")

    def ready(self) -> None:
        # The elder's timeline describes assessment milestones with these sentences.
        from yiyang.assessment import timeline

        timeline.register()
