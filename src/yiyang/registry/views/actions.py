"""What the small action pages of an elder (death, move-out, categories …) have in common."""

from django.shortcuts import render


def action_page(
    request, elder, form, *, title: str, intro: str, button: str, danger=False, maker_checker=False
):
    """Render the one-form page every elder action uses."""
    return render(
        request,
        "registry/elder_action_form.html",
        {
            "elder": elder,
            "form": form,
            "title": title,
            "intro": intro,
            "button": button,
            "danger": danger,
            "maker_checker": maker_checker,
        },
    )
