"""Template helpers of the assessment pages."""

from django import template

from yiyang.assessment.views.assessment_common import STATUS_BADGES

register = template.Library()


@register.filter
def assessment_badge(status: str) -> str:
    """The Bootstrap badge class of an assessment status."""
    return STATUS_BADGES.get(status, "text-bg-light border")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
