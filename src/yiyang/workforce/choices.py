"""Choices of the workforce module (GLOSSARY.md names; labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaregiverStatus(models.TextChoices):
    ACTIVE = "active", _("Working")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")


class CertificateKind(models.TextChoices):
    # 养老护理员职业技能等级证书 (levels 5 → 1) and the health certificate (健康证).
    SKILL = "skill", _("Caregiver skill certificate")
    HEALTH = "health", _("Health certificate")


class SkillLevel(models.IntegerChoices):
    """职业技能等级: 5 is the entry level, 1 the highest (GLOSSARY.md `skill_level`)."""

    LEVEL_5 = 5, _("Level 5 (junior)")
    LEVEL_4 = 4, _("Level 4 (intermediate)")
    LEVEL_3 = 3, _("Level 3 (senior)")
    LEVEL_2 = 2, _("Level 2 (technician)")
    LEVEL_1 = 1, _("Level 1 (senior technician)")
