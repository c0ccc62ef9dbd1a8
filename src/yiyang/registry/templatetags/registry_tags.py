"""Template helpers of the registry pages: capability checks, badges, counts for the menu."""

from django import template

from yiyang.registry.choices import MONEY_CATEGORIES, ElderStatus

register = template.Library()

STATUS_BADGES: dict[str, str] = {
    ElderStatus.ACTIVE: "text-bg-success",
    ElderStatus.MOVED_OUT: "text-bg-secondary",
    ElderStatus.DECEASED: "text-bg-dark",
    ElderStatus.MERGED: "text-bg-light border",
}


@register.filter
def can(user, capability: str) -> bool:
    """`{% if user|can:"registry.add_elder" %}`: whether the user holds a capability."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_capability(capability)


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "text-bg-secondary")


@register.filter
def category_badge(category: str) -> str:
    """Money-moving categories stand out; the others are quiet."""
    if category in MONEY_CATEGORIES:
        return "yy-badge-money"
    if category == "advanced_age":
        return "yy-badge-age"
    return "yy-badge-category"


@register.simple_tag
def pending_category_count(user) -> int:
    """Pending category changes the user may decide (scoped through `visible_to`)."""
    from yiyang.registry.models import CategoryChange

    if not can(user, "registry.decide_category"):
        return 0
    return (
        CategoryChange.objects.visible_to(user, "registry.decide_category")
        .pending()
        .exclude(proposed_by=user)
        .count()
    )


@register.simple_tag
def open_duplicate_count(user) -> int:
    """Open possible duplicates whose two records the user may both see."""
    from yiyang.registry.models import DuplicateCandidate

    return DuplicateCandidate.objects.visible_to(user).open().count()


@register.filter
def control(bound_field):
    """Render a form field's widget with Bootstrap classes, marked invalid when it has errors."""
    from django import forms

    widget = bound_field.field.widget
    # A group of boxes or radios (weekdays …) is a row of small inputs, each with its label.
    # Django puts a group's class on its container, not on its inputs: the CSS styles those.
    group = isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
    if group:
        css = "yy-choice-group"
    elif isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": css}
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_errors"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def masked_phone(value: str) -> str:
    from yiyang.core.validators.phone import mask_phone

    return mask_phone(value) if value else ""
