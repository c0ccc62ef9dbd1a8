"""Choices of the registry (GLOSSARY.md names; labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class LivingArrangement(models.TextChoices):
    ALONE = "alone", _("Living alone")
    EMPTY_NEST = "empty_nest", _("Empty nest")
    WITH_CHILDREN = "with_children", _("With children")
    OTHER = "other", _("Other")


class ElderStatus(models.TextChoices):
    ACTIVE = "active", _("In registry")
    MOVED_OUT = "moved_out", _("Moved out")
    DECEASED = "deceased", _("Deceased")
    MERGED = "merged", _("Merged into another record")


class Category(models.TextChoices):
    """人员类别 that people hold by a decision of some office (GLOSSARY.md categories).

    `advanced_age` and `disabled` are not here: they are derived (DerivedCategory), never typed.
    """

    EXTREME_POVERTY = "extreme_poverty", _("Extreme poverty support (特困)")
    DIBAO = "dibao", _("Minimum living allowance (低保)")
    NEAR_DIBAO = "near_dibao", _("Near minimum living allowance (低保边缘)")
    LOW_INCOME = "low_income", _("Low income")
    DEMENTIA = "dementia", _("Dementia")
    SEVERE_DISABILITY = "severe_disability", _("Severe disability")
    FAMILY_PLANNING_SPECIAL = "family_planning_special", _("Family-planning special family")
    LIVING_ALONE = "living_alone", _("Living alone")
    EMPTY_NEST = "empty_nest", _("Empty nest")
    LEFT_BEHIND = "left_behind", _("Left behind")
    ENTITLED_VETERAN = "entitled_veteran", _("Entitled veteran (优抚对象)")
    POVERTY_ALLEVIATED = "poverty_alleviated", _("Lifted out of poverty (脱贫人口)")


class AbilityLevel(models.IntegerChoices):
    """能力等级 of GB/T 42195-2022 (GLOSSARY.md `ability_level`)."""

    INTACT = 0, _("Ability intact")
    MILD = 1, _("Mildly impaired (mild disability)")
    MODERATE = 2, _("Moderately impaired (moderate disability)")
    SEVERE = 3, _("Severely impaired (severe disability)")
    TOTAL = 4, _("Ability lost (total disability)")


class DerivedCategory(models.TextChoices):
    ADVANCED_AGE = "advanced_age", _("Advanced age (80+)")
    DISABLED = "disabled", _("Disabled (by assessment)")


# Categories that move money: granting or ending one needs a second person (maker-checker).
MONEY_CATEGORIES = frozenset(
    {Category.EXTREME_POVERTY, Category.DIBAO, Category.NEAR_DIBAO, Category.LOW_INCOME}
)


class CategoryChangeKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    END = "end", _("End")


class CategoryChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ContactKind(models.TextChoices):
    GUARDIAN = "guardian", _("Guardian")
    EMERGENCY_CONTACT = "emergency_contact", _("Emergency contact")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    CHILD_IN_LAW = "child_in_law", _("Son- or daughter-in-law")
    GRANDCHILD = "grandchild", _("Grandchild")
    SIBLING = "sibling", _("Sibling")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    NEIGHBOUR = "neighbour", _("Neighbour")
    FRIEND = "friend", _("Friend")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    OTHER = "other", _("Other")


class DuplicateReason(models.TextChoices):
    NAME_BIRTH_DATE_DISTRICT = (
        "name_birth_date_district",
        _("Same name and birth date in the same district"),
    )
    NAME_PHONE = "name_phone", _("Same name and phone")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To check")
    DISMISSED = "dismissed", _("Not the same person")
    MERGED = "merged", _("Merged")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# GB/T 3304 codes of the 56 ethnic groups (names are the standard's own data, shown as written).
ETHNICITIES = [
    ("01", "汉族"), ("02", "蒙古族"), ("03", "回族"), ("04", "藏族"), ("05", "维吾尔族"),
    ("06", "苗族"), ("07", "彝族"), ("08", "壮族"), ("09", "布依族"), ("10", "朝鲜族"),
    ("11", "满族"), ("12", "侗族"), ("13", "瑶族"), ("14", "白族"), ("15", "土家族"),
    ("16", "哈尼族"), ("17", "哈萨克族"), ("18", "傣族"), ("19", "黎族"), ("20", "傈僳族"),
    ("21", "佤族"), ("22", "畲族"), ("23", "高山族"), ("24", "拉祜族"), ("25", "水族"),
    ("26", "东乡族"), ("27", "纳西族"), ("28", "景颇族"), ("29", "柯尔克孜族"), ("30", "土族"),
    ("31", "达斡尔族"), ("32", "仫佬族"), ("33", "羌族"), ("34", "布朗族"), ("35", "撒拉族"),
    ("36", "毛南族"), ("37", "仡佬族"), ("38", "锡伯族"), ("39", "阿昌族"), ("40", "普米族"),
    ("41", "塔吉克族"), ("42", "怒族"), ("43", "乌孜别克族"), ("44", "俄罗斯族"), ("45", "鄂温克族"),
    ("46", "德昂族"), ("47", "保安族"), ("48", "裕固族"), ("49", "京族"), ("50", "塔塔尔族"),
    ("51", "独龙族"), ("52", "鄂伦春族"), ("53", "赫哲族"), ("54", "门巴族"), ("55", "珞巴族"),
    ("56", "基诺族"),
]  # fmt: skip
ETHNICITY_BY_NAME = {name: code for code, name in ETHNICITIES} | {
    name.removesuffix("族"): code for code, name in ETHNICITIES
}
