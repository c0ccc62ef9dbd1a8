from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "yiyang.assessment"
    label = "assessment"
    verbose_name = _("Ability assessment")

    def ready(self) -> None:
        # The elder's timeline describes assessment milestones with these sentences.
        from yiyang.assessment import timeline

        timeline.register()
        # A flushed database gets the shipped scales back (migration 0002 loads them once): the
        # test runner flushes after each transactional test, and a demo city loaded next found no
        # scale and wrote no assessment.
        post_migrate.connect(seed_scales_if_empty, sender=self, dispatch_uid="assessment.scales")


def seed_scales_if_empty(sender=None, using=None, **kwargs) -> None:
    from yiyang.assessment.models import Scale
    from yiyang.assessment.services.scales import load_builtin_scales

    if not Scale.objects.exists():
        load_builtin_scales(actor=None)
