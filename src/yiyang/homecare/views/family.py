"""The family's confirmation page: no account needed, a signed link (services/family.py).

Built for a daughter on her phone, or an elder with poor eyesight: large type, the visit in
plain words, five big buttons for the rating, one button to confirm; below, a short form to
complain about the visit (it opens a case for the provider's manager).
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from yiyang.core.forms import show_domain_error
from yiyang.homecare import services
from yiyang.homecare.choices import ComplainantKind, ComplaintChannel
from yiyang.homecare.errors import HomecareError
from yiyang.homecare.forms import FamilyComplaintForm

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
    return _page(request, order, token, problem=problem)


def _page(request, order, token: str, *, problem=None, complaint_form=None):
    return render(
        request,
        "homecare/family_confirm.html",
        {
            "order": order,
            "problem": problem,
            "ratings": RATINGS,
            "token": token,
            "complaint_form": complaint_form or FamilyComplaintForm(),
            "complained": request.GET.get("complained") == "1",
        },
        status=422 if problem or (complaint_form and complaint_form.errors) else 200,
    )


@require_POST
def family_complaint(request, token: str):
    """The family complains about the visit the link names."""
    try:
        order = services.order_for_link(token)
    except HomecareError as error:
        return render(request, "homecare/family_confirm.html", {"problem": error}, status=404)
    form = FamilyComplaintForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.complain_from_link(
                token,
                data=services.ComplaintData(
                    complainant_kind=ComplainantKind.FAMILY,
                    complainant_name=data["complainant_name"],
                    phone=data["phone"],
                    channel=ComplaintChannel.FAMILY_LINK,
                    category=data["category"],
                    text=data["text"],
                ),
            )
        except HomecareError as error:
            show_domain_error(form, error)
        else:
            return redirect(reverse("homecare:family_confirm", args=[token]) + "?complained=1")
    return _page(request, order, token, complaint_form=form)


urlpatterns = [
    path("confirm/<str:token>/", family_confirm, name="family_confirm"),
    path("confirm/<str:token>/complaint/", family_complaint, name="family_complaint"),
]
