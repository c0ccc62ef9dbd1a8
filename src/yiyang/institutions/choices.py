"""Choices of the institutions module (GLOSSARY: 养老机构 Institution, 社区养老服务设施 Facility)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Ownership(models.TextChoices):
    PUBLIC = "public", _("Publicly run")  # 公办
    PUBLIC_PRIVATE = "public_private", _("Publicly built, privately run")  # 公建民营
    PRIVATE = "private", _("Privately run")  # 民办


class LegalForm(models.TextChoices):
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")  # 事业单位
    SOCIAL_ORGANISATION = "social_organisation", _("Private non-profit unit")  # 民办非企业单位
    COMPANY = "company", _("Company")  # 企业
    OTHER = "other", _("Other")


class InstitutionKind(models.TextChoices):
    NURSING_HOME = "nursing_home", _("Township nursing home")  # 敬老院
    WELFARE_HOME = "welfare_home", _("Social welfare home")  # 社会福利院
    CARE_HOME = "care_home", _("Nursing care home")  # 护理院
    SENIOR_APARTMENT = "senior_apartment", _("Senior apartment")  # 老年公寓
    SERVICE_CENTRE = "service_centre", _("Comprehensive elderly-care centre")  # 综合养老服务中心


class InstitutionStatus(models.TextChoices):
    FILED = "filed", _("Filed, awaiting check")
    OPERATING = "operating", _("Operating")
    CLOSED = "closed", _("Closed")


class FacilityKind(models.TextChoices):
    DAY_CARE = "day_care", _("Day-care centre")  # 日间照料中心
    SERVICE_STATION = "service_station", _("Community elderly-care station")  # 社区养老服务站
    MEAL_POINT = "meal_point", _("Meal point")  # 助餐点 / 老饭桌
    MUTUAL_AID = "mutual_aid", _("Mutual-aid happiness home")  # 互助幸福院


class FilingKind(models.TextChoices):
    NEW = "new", _("New institution")
    CHANGE = "change", _("Change of filed items")
    CLOSURE = "closure", _("Closure")


class FilingStatus(models.TextChoices):
    AWAITING_CHECK = "awaiting_check", _("Awaiting on-site check")
    CHECKED = "checked", _("Checked")


class CheckResult(models.TextChoices):
    CONFIRMED = "confirmed", _("Filed information confirmed")
    RECTIFY = "rectify", _("Rectification required")


class FilingEventType(models.TextChoices):
    SUBMITTED = "submitted", _("Filing submitted")
    DOCUMENT_ADDED = "document_added", _("Document added")
    CHECKED = "checked", _("On-site check recorded")


class BedKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary bed")
    NURSING = "nursing", _("Nursing bed")  # 护理型床位
    DEMENTIA = "dementia", _("Dementia-care bed")  # 认知症照护床位


class BedState(models.TextChoices):
    FREE = "free", _("Free")
    OCCUPIED = "occupied", _("Occupied")
    RESERVED = "reserved", _("Reserved")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class Payer(models.TextChoices):
    SELF = "self", _("The resident")
    FAMILY = "family", _("Family")
    GOVERNMENT = "government", _("Government")


class ResidencyEnd(models.TextChoices):
    TRANSFER = "transfer", _("Moved to another bed")
    DISCHARGE = "discharge", _("Discharged")
    DEATH = "death", _("Died")


class FacilityService(models.TextChoices):
    """What a community facility offers (`Facility.services` holds these values)."""

    MEAL = "meal", _("Meals")  # 助餐
    DAY_CARE = "day_care", _("Day care")  # 日间照料
    SHORT_STAY = "short_stay", _("Short stay")  # 短期托养
    HOME_SERVICE = "home_service", _("Home services")  # 上门服务
    REHAB = "rehab", _("Rehabilitation")  # 康复 / 康复辅具共享
    MEDICAL_CARE = "medical_care", _("Medical care")  # 医养照护
    COMPANIONSHIP = "companionship", _("Companionship and activities")  # 精神慰藉、文体活动


class LeaveKind(models.TextChoices):
    HOSPITAL = "hospital", _("In hospital")  # 住院
    HOME = "home", _("Home visit")  # 回家探亲
    OTHER = "other", _("Other absence")
