"""The family's confirmation page: no account needed, a signed link (services/family.py).

Built for a daughter on her phone, or an elder with poor eyesight: large type, the visit in
plain words, five big buttons for the rating, one button to confirm.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import path

from yiyang.homecare import services
from yiyang.homecare.errors import HomecareError

RATINGS = ("1", "2", "3", "4", "5")


def family_confirm(request, token: str):
    try:
        order = services.order_for_link(token)
    except HomecareError as error:
        return render(request, "homecare/family_confirm.html", {"problem": error}, status=404)
    problem = None
    if request.method == "POST":
        rating = request.POST.get("rating", "")
        try:
            services.confirm_from_link(
                token,
                rating=int(rating) if rating in RATINGS else None,
                comment=request.POST.get("comment", ""),
            )
        except HomecareError as error:
            problem = error
        else:
            return redirect("homecare:family_confirm", token=token)
    return render(
        request,
        "homecare/family_confirm.html",
        {"order": order, "problem": problem, "ratings": RATINGS},
        status=422 if problem else 200,
    )


urlpatterns = [path("confirm/<str:token>/", family_confirm, name="family_confirm")]
